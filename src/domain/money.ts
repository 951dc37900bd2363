/** Amounts are stored exactly in hundredths so totals add up to the cent. */
/** The largest amount stored exactly (in hundredths, as a safe integer): about 90 trillion in any currency. */
export const MAX_AMOUNT = Math.floor(Number.MAX_SAFE_INTEGER / 100);

export function toMinor(amount: number): number {
  return Math.round(amount * 100);
}

export function fromMinor(minor: number): number {
  return minor / 100;
}
