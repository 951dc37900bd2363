/**
 * Schedules are typed the way people say them ("2018, 2019, 2020", "By the 2nd
 * half of 2018", "Durante 2018", "2018 - 2019"). Filters and budget checks need
 * the years they cover, so we read those years out and keep the text as written.
 */
export interface Period {
  start: number;
  end: number;
}

const YEAR = String.raw`(?:19|20)\d{2}`;
const RANGE = new RegExp(String.raw`(${YEAR})\s*(?:-|–|—|/|to|a|al|hasta|through|till|until)\s*(${YEAR})`, "gi");
const SINGLE = new RegExp(String.raw`\b(${YEAR})\b`, "g");
/** "By 2020", "Para 2020", "Hasta 2020": from the start of the plan up to that year. */
const BY_YEAR = new RegExp(String.raw`^\s*(?:by|para|hasta|antes de|before)\s+(?:the\s+|el\s+|fin(?:ales)?\s+de\s+)?(?:end\s+of\s+)?(${YEAR})\s*$`, "i");
/** "Before the year's end", "Antes de fin de año": the plan's first year. */
const YEAR_END = /(year'?s end|end of the year|fin de(l)? año|finales de año)/i;

const MAX_SPAN = 30;

function span(from: number, to: number): number[] {
  const [a, b] = from <= to ? [from, to] : [to, from];
  if (b - a > MAX_SPAN) return [a, b];
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

export function parseScheduleYears(text: string | null | undefined, period?: Period): number[] {
  if (!text) return [];
  const years = new Set<number>();
  const withoutRanges = text.replace(RANGE, (_whole, from: string, to: string) => {
    for (const y of span(Number(from), Number(to))) years.add(y);
    return " ";
  });
  const by = BY_YEAR.exec(text);
  if (by && period) {
    const target = Number(by[1]);
    const from = Math.min(period.start, target);
    for (const y of span(from, target)) years.add(y);
  }
  for (const match of withoutRanges.matchAll(SINGLE)) years.add(Number(match[1]));
  if (years.size === 0 && period && YEAR_END.test(text)) years.add(period.start);
  return [...years].sort((a, b) => a - b);
}
