/**
 * The paper a user most likely has in the printer, from their locale's region:
 * US Letter in the Americas' Letter-using countries (every MIRPS country among
 * them), A4 elsewhere. A default only; the user can always choose.
 */
export type Paper = "A4" | "Letter";

const LETTER_REGIONS = new Set(["US", "CA", "MX", "BZ", "GT", "SV", "HN", "NI", "CR", "PA", "CO", "VE", "CL", "PH", "PR", "DO"]);

export function defaultPaper(locale: string | undefined): Paper {
  const region = /[-_]([A-Za-z]{2})(?:[-_.@]|$)/.exec(locale ?? "")?.[1]?.toUpperCase();
  return region && LETTER_REGIONS.has(region) ? "Letter" : "A4";
}
