/** Amounts are stored exactly in hundredths so totals add up to the cent. */
/** The largest amount stored exactly (in hundredths, as a safe integer): about 90 trillion in any currency. */
export const MAX_AMOUNT = Math.floor(Number.MAX_SAFE_INTEGER / 100);

/**
 * The amount as a spreadsheet shows it: to 15 significant digits, as Excel does,
 * so 0.1 + 0.2 saved as 0.30000000000000004 is the 0.30 the person saw.
 */
function asShown(amount: number): number {
  return Number(amount.toPrecision(15));
}

/** Whether an amount is a whole number of cents: 0.001 or 123456.789 is not, and storing it would round it silently. */
export function isWholeCents(amount: number): boolean {
  // Most amounts are whole units: no need to print them to tell.
  if (Number.isSafeInteger(amount)) return true;
  const shown = asShown(amount);
  return Number(shown.toFixed(2)) === shown;
}

export function toMinor(amount: number): number {
  return Math.round(amount * 100);
}

export function fromMinor(minor: number): number {
  return minor / 100;
}
