/** Indicator values typed and shown in the user's own locale ("1.250,5" or "1,250.5"). */
import { formatAmount, numberStyle, parseAmount } from "../../../src/domain/numbers";

export function formatValue(value: number | null | undefined, locale: string): string {
  if (value === null || value === undefined) return "";
  return formatAmount(value, locale, Number.isInteger(value) ? 0 : 2);
}

/** A typed value: null for an empty box, a number, or "bad" when it cannot be read as one. */
export function readValue(text: string, locale: string): number | null | "bad" {
  if (!text.trim()) return null;
  const parsed = parseAmount(text, numberStyle(locale));
  if (!parsed.ok || parsed.currency) return "bad";
  return parsed.value;
}

export function formatPercent(value: number | null, locale: string): string {
  return value === null ? "—" : `${formatAmount(value, locale, Number.isInteger(value) ? 0 : 1)} %`;
}

/** Value reached over target in per cent, one decimal, as the core computes it for the reports. */
export function percentReached(actual: number | null | undefined, target: number | null | undefined): number | null {
  if (actual === null || actual === undefined || !target) return null;
  return Math.round((actual / target) * 1000) / 10;
}
