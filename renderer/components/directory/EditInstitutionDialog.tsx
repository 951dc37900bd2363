/**
 * One directory entry's details: its name in the matrix (a rename), acronym, full
 * names in Spanish and English, kind, focal point and level, saved together as
 * one change (one undo step).
 */
import { useState, type FormEvent } from "react";
import type { DirectoryEntry, InstitutionDetailsInput } from "../../../src/api/contract";
import type { INSTITUTION_KINDS, INSTITUTION_LEVELS } from "../../../src/domain/document";
import type { MessageKey } from "../../../src/i18n";
import { useT } from "../../i18n";
import { edit } from "../../sync";
import { FinanceModal } from "../finance/FinanceModal";

// Written out rather than imported: document.ts brings zod, which probes eval and trips the CSP.
// As records, the compiler says when a kind or level is added there and not here.
const KINDS: Record<(typeof INSTITUTION_KINDS)[number], true> = {
  ministry: true,
  secretariat: true,
  government: true,
  judiciary: true,
  legislature: true,
  autonomous: true,
  municipal: true,
  un_agency: true,
  international: true,
  civil_society: true,
  academia: true,
  private_sector: true,
  other: true,
};
const LEVELS: Record<(typeof INSTITUTION_LEVELS)[number], true> = { technical: true, political: true };

const TEXT_FIELDS = ["acronym", "name_es", "name_en", "focal_name", "focal_email", "focal_phone"] as const;
type Field = (typeof TEXT_FIELDS)[number] | "kind" | "level";

export function EditInstitutionDialog(props: { entry: DirectoryEntry; onClose: () => void; onSaved: (message: string) => void }) {
  const t = useT();
  const { entry } = props;
  const [label, setLabel] = useState(entry.label);
  const [values, setValues] = useState<Record<Field, string>>(() => ({
    acronym: entry.acronym ?? "",
    name_es: entry.name_es ?? "",
    name_en: entry.name_en ?? "",
    focal_name: entry.focal_name ?? "",
    focal_email: entry.focal_email ?? "",
    focal_phone: entry.focal_phone ?? "",
    kind: entry.kind ?? "",
    level: entry.level ?? "",
  }));
  const [busy, setBusy] = useState(false);
  const set = (field: Field) => (value: string) => setValues((v) => ({ ...v, [field]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const newLabel = label.trim();
    const renamed = Boolean(newLabel) && newLabel !== entry.label;
    const changed: InstitutionDetailsInput = {};
    for (const field of [...TEXT_FIELDS, "kind", "level"] as const) {
      const before = (entry[field] ?? "") as string;
      if (values[field].trim() !== before) (changed as Record<string, string | null>)[field] = values[field].trim() || null;
    }
    // The name and the details in one call: one change set, one undo, and a refused name changes nothing.
    let ok = true;
    if (renamed || Object.keys(changed).length) {
      ok = (await edit("directory.update", () => ({ id: entry.id, details: changed, ...(renamed ? { label: newLabel } : {}) }), { structural: true })) !== undefined;
    }
    setBusy(false);
    // A refusal (a name another entry has, a malformed e-mail) is said by the error banner; the dialog stays.
    if (ok) props.onSaved(newLabel !== entry.label ? t("ui.directory.done.renamed", { to: newLabel }) : t("ui.directory.done.saved", { name: entry.label }));
  };

  const text = (field: (typeof TEXT_FIELDS)[number], type: "text" | "email" | "tel" = "text") => (
    <label className="finance-field" key={field}>
      <span>{t(`ui.directory.field.${field}` as MessageKey)}</span>
      <input type={type} className="text-input" name={field} value={values[field]} onChange={(e) => set(field)(e.target.value)} />
    </label>
  );

  return (
    <FinanceModal title={entry.label} className="modal--directory" onClose={props.onClose}>
      <form className="directory-form" onSubmit={(e) => void submit(e)}>
        <label className="finance-field">
          <span>{t("ui.directory.field.label")}</span>
          <input type="text" className="text-input" name="label" value={label} onChange={(e) => setLabel(e.target.value)} data-autofocus required />
        </label>
        {text("acronym")}
        {text("name_es")}
        {text("name_en")}
        <label className="finance-field">
          <span>{t("ui.directory.field.kind")}</span>
          <select name="kind" value={values.kind} onChange={(e) => set("kind")(e.target.value)}>
            <option value="">{t("ui.directory.kindNone")}</option>
            {Object.keys(KINDS).map((kind) => (
              <option key={kind} value={kind}>
                {t("ui.directory.kind", { kind })}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="directory-focal-fields">
          <legend>{t("ui.directory.col.focal")}</legend>
          {text("focal_name")}
          {text("focal_email", "email")}
          {text("focal_phone", "tel")}
          <label className="finance-field">
            <span>{t("ui.directory.field.level")}</span>
            <select name="level" value={values.level} onChange={(e) => set("level")(e.target.value)}>
              <option value="">{t("ui.directory.kindNone")}</option>
              {Object.keys(LEVELS).map((level) => (
                <option key={level} value={level}>
                  {t("ui.directory.level", { level })}
                </option>
              ))}
            </select>
          </label>
        </fieldset>
        <div className="modal-buttons">
          <button type="button" className="button" onClick={props.onClose}>
            {t("ui.directory.cancel")}
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            {t("ui.directory.save")}
          </button>
        </div>
      </form>
    </FinanceModal>
  );
}
