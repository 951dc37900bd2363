/**
 * Ctrl+Shift+K: the plan's own columns. Each is added with a Spanish and an
 * English heading and a kind (text, number, date, list), open or locked in the
 * institutions' workbooks; renamed, moved and removed here, each one change.
 */
import { useState, type FormEvent } from "react";
import type { CustomColumnDoc, CustomColumnKind } from "../../../src/domain/document";
import type { GridDocument } from "../../../src/domain/grid";
import { useLanguage, useT } from "../../i18n";
import { editColumn } from "../../section-edits";
import { useMatriz } from "../../store";
import { closeDialog } from "../matrix/commands";
import { FormButtons, FormProblem } from "../form-parts";
import { Modal } from "./Modal";

// Listed here rather than imported: document.ts brings zod, which probes eval and trips the CSP.
const KINDS: readonly CustomColumnKind[] = ["text", "number", "date", "list"];

interface Draft {
  heading_es: string;
  heading_en: string;
  kind: CustomColumnKind;
  options: string;
  open: boolean;
}

const optionsOf = (text: string) => text.split("\n").map((o) => o.trim()).filter(Boolean);

function ColumnForm(props: { initial: Draft; kindFixed: boolean; submit: string; onSave: (draft: Draft) => void; onCancel?: () => void }) {
  const t = useT();
  const [draft, setDraft] = useState(props.initial);
  const [problem, setProblem] = useState(false);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!draft.heading_es.trim() || !draft.heading_en.trim() || (draft.kind === "list" && optionsOf(draft.options).length === 0)) return setProblem(true);
    setProblem(false);
    props.onSave(draft);
  };
  return (
    <form className="section-form column-form" onSubmit={submit}>
      <label>
        <span>{t("ui.columns.headingEs")}</span>
        <input className="text-input" value={draft.heading_es} onChange={(e) => set("heading_es", e.target.value)} data-autofocus />
      </label>
      <label>
        <span>{t("ui.columns.headingEn")}</span>
        <input className="text-input" value={draft.heading_en} onChange={(e) => set("heading_en", e.target.value)} />
      </label>
      <label>
        <span>{t("ui.columns.kind")}</span>
        <select value={draft.kind} disabled={props.kindFixed} onChange={(e) => set("kind", e.target.value as CustomColumnKind)}>
          {KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`ui.columns.kind.${kind}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="choice">
        <input type="checkbox" checked={draft.open} onChange={(e) => set("open", e.target.checked)} />
        <span>{t("ui.columns.open")}</span>
      </label>
      {draft.kind === "list" ? (
        <label className="section-form__wide">
          <span>{t("ui.columns.options")}</span>
          <textarea className="text-input" rows={3} value={draft.options} onChange={(e) => set("options", e.target.value)} />
        </label>
      ) : null}
      <FormProblem>{problem ? t("ui.list.required") : null}</FormProblem>
      <FormButtons onCancel={props.onCancel} submitLabel={props.submit} />
    </form>
  );
}

function valuesIn(doc: GridDocument, key: string): number {
  let n = 0;
  for (const pillar of doc.pillars) for (const need of pillar.needs) for (const action of need.actions) if (action.custom?.[key]) n++;
  return n;
}

function ColumnRow({ column, index, count, doc }: { column: CustomColumnDoc; index: number; count: number; doc: GridDocument }) {
  const t = useT();
  const language = useLanguage();
  const [mode, setMode] = useState<"view" | "edit" | "remove">("view");
  const heading = language === "es" ? column.heading_es : column.heading_en;
  if (mode === "edit") {
    return (
      <li className="column-item">
        <ColumnForm
          initial={{ heading_es: column.heading_es, heading_en: column.heading_en, kind: column.kind, options: (column.options ?? []).join("\n"), open: Boolean(column.open) }}
          kindFixed
          submit={t("ui.list.save")}
          onCancel={() => setMode("view")}
          onSave={(draft) => {
            setMode("view");
            void editColumn({
              op: "update",
              key: column.key,
              heading_es: draft.heading_es,
              heading_en: draft.heading_en,
              open: draft.open,
              ...(column.kind === "list" ? { options: optionsOf(draft.options) } : {}),
            });
          }}
        />
      </li>
    );
  }
  return (
    <li className="column-item">
      <div className="column-summary">
        <strong>{heading}</strong>
        <span className="muted">
          {language === "es" ? column.heading_en : column.heading_es} · {t(`ui.columns.kind.${column.kind}`)}
          {column.kind === "list" ? ` (${(column.options ?? []).join(", ")})` : ""} · {t(column.open ? "ui.columns.openShort" : "ui.columns.lockedShort")}
        </span>
      </div>
      {mode === "remove" ? (
        <div className="column-confirm" role="alert">
          <span>{t("ui.columns.removeConfirm", { name: heading, count: valuesIn(doc, column.key) })}</span>
          <button type="button" className="button button--small" onClick={() => setMode("view")}>
            {t("ui.list.cancel")}
          </button>
          <button type="button" className="button button--small button--danger" onClick={() => void editColumn({ op: "remove", key: column.key })} autoFocus>
            {t("ui.columns.remove")}
          </button>
        </div>
      ) : (
        <div className="list-tools">
          <button type="button" className="button button--small" onClick={() => setMode("edit")}>
            {t("ui.columns.rename")}
          </button>
          <button type="button" className="button button--small" disabled={index === 0} aria-label={t("ui.columns.moveLeft")} title={t("ui.columns.moveLeft")} onClick={() => void editColumn({ op: "move", key: column.key, direction: "left" })}>
            ←
          </button>
          <button type="button" className="button button--small" disabled={index === count - 1} aria-label={t("ui.columns.moveRight")} title={t("ui.columns.moveRight")} onClick={() => void editColumn({ op: "move", key: column.key, direction: "right" })}>
            →
          </button>
          <button type="button" className="button button--small button--danger-quiet" onClick={() => setMode("remove")}>
            {t("ui.columns.remove")}
          </button>
        </div>
      )}
    </li>
  );
}

export function ColumnsDialog() {
  const t = useT();
  const doc = useMatriz((s) => s.document);
  const [formKey, setFormKey] = useState(0);
  if (!doc) return null;
  const columns = doc.custom_columns ?? [];
  return (
    <Modal title={t("ui.columns.title")} className="modal--columns">
      <p className="muted">{t("ui.columns.intro")}</p>
      {columns.length === 0 ? <p className="muted empty-note">{t("ui.columns.empty")}</p> : null}
      <ol className="column-list">
        {columns.map((column, i) => (
          <ColumnRow key={column.key} column={column} index={i} count={columns.length} doc={doc} />
        ))}
      </ol>
      <h3 className="column-new-title">{t("ui.columns.newTitle")}</h3>
      <ColumnForm
        key={formKey}
        initial={{ heading_es: "", heading_en: "", kind: "text", options: "", open: false }}
        kindFixed={false}
        submit={t("ui.columns.add")}
        onSave={(draft) => {
          void editColumn({
            op: "add",
            heading_es: draft.heading_es,
            heading_en: draft.heading_en,
            kind: draft.kind,
            open: draft.open,
            ...(draft.kind === "list" ? { options: optionsOf(draft.options) } : {}),
          });
          setFormKey((k) => k + 1);
        }}
      />
      <div className="modal-buttons">
        <button type="button" className="button" onClick={closeDialog}>
          {t("ui.columns.close")}
        </button>
      </div>
    </Modal>
  );
}
