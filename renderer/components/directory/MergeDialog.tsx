/** Merge one spelling into another entry: pick the entry to keep, see what moves, confirm. One undo. */
import { useState } from "react";
import type { DirectoryEntry } from "../../../src/api/contract";
import { useT } from "../../i18n";
import { FinanceModal } from "../finance/FinanceModal";

export function MergeDialog(props: { from: DirectoryEntry; into: string | null; entries: DirectoryEntry[]; onClose: () => void; onMerge: (from: DirectoryEntry, into: DirectoryEntry) => void }) {
  const t = useT();
  const { from } = props;
  const others = props.entries.filter((e) => e.id !== from.id);
  const [into, setInto] = useState<string>(props.into ?? "");
  const target = others.find((e) => e.id === into);
  return (
    <FinanceModal title={t("ui.directory.mergeTitle", { from: from.label })} className="modal--directory" onClose={props.onClose}>
      <form
        className="directory-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (target) props.onMerge(from, target);
        }}
      >
        <label className="finance-field">
          <span>{t("ui.directory.mergeInto")}</span>
          <select name="into" value={into} onChange={(e) => setInto(e.target.value)} data-autofocus>
            <option value="" disabled>
              …
            </option>
            {others.map((e) => (
              <option key={e.id} value={e.id}>
                {e.acronym && e.acronym !== e.label ? `${e.label} (${e.acronym})` : e.label}
              </option>
            ))}
          </select>
        </label>
        {target ? (
          <p className="directory-merge-explain" role="status">
            {t("ui.directory.mergeExplain", { actions: from.actions, lines: from.budgetLines, into: target.label })}
          </p>
        ) : null}
        <div className="modal-buttons">
          <button type="button" className="button" onClick={props.onClose}>
            {t("ui.directory.cancel")}
          </button>
          <button type="submit" className="button button--primary" disabled={!target}>
            {t("ui.directory.mergeConfirm")}
          </button>
        </div>
      </form>
    </FinanceModal>
  );
}
