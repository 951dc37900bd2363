/** Amounts are stored exactly in hundredths so totals add up to the cent. */
export function toMinor(amount: number): number {
  return Math.round(amount * 100);
}

export function fromMinor(minor: number): number {
  return minor / 100;
}
