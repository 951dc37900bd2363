/** What the national workbook writer and its reader agree on. */
export const NATIONAL_WORKBOOK_TAG = "matriz-national-workbook";
export const NATIONAL_WORKBOOK_VERSION = 1;
/** The hidden sheet naming the plan; not translated, because the reader looks for it by name. */
export const ABOUT_SHEET = "matriz-about";
/** Action rows carry "pillar.need.action" in the first column; need, pillar and subtotal rows do not. */
export const ACTION_REF = /^(\d+)\.(\d+)\.(\d+)$/;
