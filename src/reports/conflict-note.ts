/**
 * Open merge conflicts at the moment a national output is written: the outputs
 * say so (a note in the workbook's summary and the chapter, a column in HXL, a
 * comment in IATI), since their budget figures may still change.
 */
export interface OpenConflicts {
  open: number;
  /** Open conflicts per action id. */
  byAction: Record<string, number>;
}

export const NO_CONFLICTS: OpenConflicts = { open: 0, byAction: {} };
