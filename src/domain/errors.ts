/**
 * Every failure a user can meet carries a stable code and the facts needed to
 * explain it. The words live in src/i18n so the CLI, the shell and the UI say the
 * same thing in Spanish or English.
 */
export type ErrorCode =
  | "file_not_found"
  | "file_exists"
  | "not_sqlite"
  | "not_a_plan"
  | "empty_file"
  | "newer_schema"
  | "damaged"
  | "plan_read_only"
  | "plan_locked"
  | "disk_full"
  | "history_damaged"
  | "invalid_json"
  | "invalid_document"
  | "document_rule"
  | "invalid_rates"
  | "invalid_input"
  | "edit_rule"
  | "bad_period"
  | "wrong_extension"
  | "missing_rate"
  | "pdf_needs_chromium"
  | "invalid_date"
  | "invalid_currency"
  | "paste_other_plan"
  | "paste_bad_status"
  | "paste_bad_value"
  | "unknown_template"
  | "unknown_method"
  | "no_plan_open"
  | "not_found"
  | "io_error"
  | "usage"
  | "forbidden"
  | "file_not_granted"
  | "network_path"
  | "core_stopped"
  | "internal"
  | "spreadsheet_unreadable"
  | "spreadsheet_not_a_file"
  | "spreadsheet_changed_while_read"
  | "spreadsheet_corrupt"
  | "spreadsheet_sheet_unreadable"
  | "spreadsheet_password"
  | "spreadsheet_too_large"
  | "spreadsheet_too_many_rows"
  | "spreadsheet_wrong_sheet"
  | "spreadsheet_no_manifest"
  | "spreadsheet_other_plan"
  | "spreadsheet_other_institution"
  | "spreadsheet_unknown_export"
  | "spreadsheet_stale_export"
  | "spreadsheet_formula"
  | "spreadsheet_error_value"
  | "spreadsheet_merged_cells"
  | "spreadsheet_date_serial"
  | "spreadsheet_bad_rows"
  | "spreadsheet_unconfirmed_matches"
  | "unknown_institution"
  | "institution_ambiguous"
  | "institution_exists"
  | "institution_name_empty"
  | "institution_into_itself"
  | "conflict_resolved"
  | "conflict_cannot_take"
  | "sync_other_plan"
  | "sync_unrelated_copies"
  | "sync_same_file"
  | "live_code_typo"
  | "live_code_malformed"
  | "live_not_join_link"
  | "live_no_address"
  | "live_address"
  | "live_unreachable"
  | "live_host_only"
  | "live_session_running"
  | "live_token"
  | "live_link_mismatch"
  | "live_fingerprint"
  | "live_fingerprint_mismatch"
  | "live_denied"
  | "live_timeout"
  | "live_host_closed"
  | "live_closed"
  | "live_unreadable";

export type ErrorParams = Record<string, string | number | undefined>;

export class MatrizError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;
  constructor(code: ErrorCode, params: ErrorParams = {}, detail?: string) {
    super(detail ?? `${code} ${JSON.stringify(params)}`);
    this.name = "MatrizError";
    this.code = code;
    this.params = params;
  }
}

export function isMatrizError(value: unknown): value is MatrizError {
  return value instanceof MatrizError;
}
