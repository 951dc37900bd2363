/**
 * Importing returned files: one card per file with what it would change before
 * anything does (counts, then the details on demand), the rows that could not be
 * read, content matches to confirm, and Apply / Cancel per file or for all.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import type { FinanceFilePreview, FinanceInstitution } from "../../../src/api/contract";
import type { MessageKey } from "../../../src/i18n";
import { useLanguage, useNumberLocale, useT, type Translate } from "../../i18n";
import { addProposedAction } from "../../edits";
import { call, useMatriz } from "../../store";
import { FinanceModal } from "./FinanceModal";
import {
  applyItems,
  canApply,
  cancelAll,
  cancelItem,
  closeFinance,
  openConflicts,
  previewAgain,
  setItem,
  stopTask,
  useFinance,
  type ImportItem,
} from "./finance-store";
import { conflictField, conflictYear, fieldLabel, showScalar, showValue } from "./values";

type FinanceColumn = MessageKey extends infer K ? (K extends `ui.finance.col.${infer C}` ? C : never) : never;

/** How many files are done, the one in hand, and Stop (the run stops between two files). */
function ProgressLine() {
  const t = useT();
  const progress = useFinance((s) => s.progress);
  if (!progress) return null;
  const label = t(progress.phase === "reading" ? "ui.finance.import.reading" : "ui.finance.import.applying", { done: progress.done, total: progress.total });
  return (
    <div className="finance-progress">
      <progress max={progress.total} value={progress.done} aria-label={label} />
      <span role="status" aria-live="polite">
        {label} {progress.stopping ? t("ui.finance.import.stopping") : progress.label}
      </span>
      <button type="button" className="button button--small" disabled={progress.stopping} onClick={() => void stopTask()}>
        {t("ui.finance.import.stop")}
      </button>
    </div>
  );
}

/** One of the preview's detail tables: a caption, the column headings, the rows. */
function PreviewTable({ caption, columns, className, t, children }: { caption?: string; columns: readonly FinanceColumn[]; className?: string; t: Translate; children: ReactNode }) {
  return (
    <table className={className ? `finance-table ${className}` : "finance-table"}>
      {caption ? <caption>{caption}</caption> : null}
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c} scope="col">
              {t(`ui.finance.col.${c}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

function Counts({ counts, kind, t }: { counts: FinanceFilePreview["counts"]; kind?: FinanceFilePreview["kind"]; t: Translate }) {
  return <p className="finance-counts">{t(kind === "monitoring" ? "ui.finance.import.monitoringCounts" : "ui.finance.import.counts", counts)}</p>;
}

function ErrorsTable({ errors, t }: { errors: FinanceFilePreview["errors"]; t: Translate }) {
  return (
    <PreviewTable className="finance-errors" caption={t("ui.finance.import.errors")} columns={["file", "sheet", "row", "column", "found", "expected"]} t={t}>
      {errors.map((e, i) => (
        <tr key={i}>
          <td>{e.file}</td>
          <td>{e.sheet}</td>
          <td>{e.row}</td>
          <td>{e.column}</td>
          <td>
            <code>{e.found || "—"}</code>
          </td>
          <td>{e.expected}</td>
        </tr>
      ))}
    </PreviewTable>
  );
}

function Details({ preview, t, locale }: { preview: FinanceFilePreview; t: Translate; locale: string }) {
  const language = useLanguage();
  const op = (o: "added" | "changed" | "removed") => t(`ui.finance.import.op.${o}` as MessageKey);
  const nothing = !preview.changes.length && !preview.conflicts.length && !preview.outside.length && !preview.proposed.length && !preview.columns.length;
  return (
    <details className="finance-details">
      <summary>{t("ui.finance.import.details")}</summary>
      {nothing ? <p className="empty-note">{t("ui.finance.import.empty")}</p> : null}
      {preview.changes.length ? (
        <PreviewTable caption={t(preview.kind === "monitoring" ? "ui.finance.import.monitoringChanges" : "ui.finance.import.changes")} columns={["change", "action", "institution", "year", "field", "now", "incoming"]} t={t}>
          {preview.changes.flatMap((c, i) =>
            Object.entries(c.fields)
              .filter(([, [from, to]]) => from !== null || to !== null)
              .map(([field, [from, to]], j) => (
                <tr key={`${i}-${field}`} className={`finance-op finance-op--${c.op}`}>
                  <td>{j === 0 ? op(c.op) : ""}</td>
                  <td className="finance-action-text">{j === 0 ? c.action : ""}</td>
                  <td>{j === 0 ? c.institution : ""}</td>
                  <td>{j === 0 ? c.year : ""}</td>
                  <td>{fieldLabel(field, t)}</td>
                  <td>{showScalar(field, from, t, locale)}</td>
                  <td>{showScalar(field, to, t, locale)}</td>
                </tr>
              )),
          )}
        </PreviewTable>
      ) : null}
      {preview.conflicts.length ? (
        <PreviewTable caption={t("ui.finance.import.conflicts")} columns={["action", "institution", "year", "field", "exported", "now", "incoming"]} t={t}>
          {preview.conflicts.map((c, i) => (
            <tr key={i}>
              <td className="finance-action-text">{c.action}</td>
              <td>{c.institution}</td>
              <td>{conflictYear(c.year)}</td>
              <td>{conflictField(c, t, language)}</td>
              <td>{showValue(c.field, c.base, t, locale)}</td>
              <td>{showValue(c.field, c.plan, t, locale)}</td>
              <td>{showValue(c.field, c.returned, t, locale)}</td>
            </tr>
          ))}
        </PreviewTable>
      ) : null}
      {preview.columns.length ? (
        <PreviewTable caption={t("ui.finance.import.columns")} columns={["row", "action", "column", "exported", "now", "incoming", "change"]} t={t}>
          {preview.columns.map((c, i) => (
            <tr key={i} className={c.status === "conflict" ? "finance-op finance-op--removed" : "finance-op finance-op--changed"}>
              <td>{c.row}</td>
              <td className="finance-action-text">{c.action}</td>
              <td>{c.column}</td>
              <td>{c.base || "—"}</td>
              <td>{c.plan || "—"}</td>
              <td>{c.returned || "—"}</td>
              <td>{t(c.status === "apply" ? "ui.finance.import.columnApplies" : "ui.finance.import.columnConflict")}</td>
            </tr>
          ))}
        </PreviewTable>
      ) : null}
      {preview.outside.length ? (
        <PreviewTable caption={t("ui.finance.import.outside")} columns={["row", "column", "exported", "found"]} t={t}>
          {preview.outside.map((o, i) => (
            <tr key={i}>
              <td>{o.row}</td>
              <td>{o.column}</td>
              <td>{o.base || "—"}</td>
              <td>{o.found || "—"}</td>
            </tr>
          ))}
        </PreviewTable>
      ) : null}
      {preview.proposed.length ? (
        <PreviewTable caption={t("ui.finance.import.proposed")} columns={["row", "text", "institution", "amounts", "add"]} t={t}>
          {preview.proposed.map((p, i) => (
            <ProposedRow key={i} proposal={p} t={t} />
          ))}
        </PreviewTable>
      ) : null}
    </details>
  );
}

/**
 * A row an institution added for a new action: shown with what it wrote, and added
 * to the need the secretariat picks (at its end, with the institution as lead and
 * the amounts that could be read). One undoable change; nothing is added unasked.
 */
function ProposedRow({ proposal, t }: { proposal: FinanceFilePreview["proposed"][number]; t: Translate }) {
  const doc = useMatriz((s) => s.document);
  const [state, setState] = useState<{ kind: "idle" } | { kind: "choosing"; needId: string } | { kind: "busy"; needId: string } | { kind: "added"; need: string }>({ kind: "idle" });
  const textId = useId();
  const select = useRef<HTMLSelectElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const done = useRef<HTMLSpanElement>(null);
  const needs = (doc?.pillars ?? []).flatMap((pillar) => pillar.needs.map((need, n) => ({ id: need.id!, label: `${pillar.number}.${n + 1} ${need.title}`, pillar })));
  // A need deleted meanwhile is not offered: the choice falls back to the first one left.
  const chosen = state.kind === "choosing" || state.kind === "busy" ? (needs.some((n) => n.id === state.needId) ? state.needId : (needs[0]?.id ?? "")) : "";
  // The keyboard follows the control that replaces the one it was on.
  useEffect(() => {
    if (state.kind === "choosing") select.current?.focus();
    if (state.kind === "added") done.current?.focus();
  }, [state.kind]);
  const added = new Set(proposal.lines.map((l) => String(l.year)));
  const add = async () => {
    setState({ kind: "busy", needId: chosen });
    const id = await addProposedAction(chosen, proposal);
    setState(id ? { kind: "added", need: needs.find((n) => n.id === chosen)?.label ?? "" } : { kind: "choosing", needId: chosen });
  };
  const cancel = () => {
    setState({ kind: "idle" });
    requestAnimationFrame(() => opener.current?.focus());
  };
  let control: ReactNode;
  if (state.kind === "added")
    control = (
      <span className="finance-added" role="status" tabIndex={-1} ref={done}>
        {t("ui.finance.import.added", { need: state.need })}
      </span>
    );
  else if (proposal.inPlan) control = <span className="finance-added">{t("ui.finance.import.inPlan")}</span>;
  else if (state.kind === "idle")
    control = (
      <button ref={opener} type="button" className="button button--small" aria-describedby={textId} disabled={needs.length === 0} onClick={() => setState({ kind: "choosing", needId: needs[0]?.id ?? "" })}>
        {t("ui.finance.import.addProposed")}
      </button>
    );
  else
    control = (
      <span className="finance-add-form">
        <select ref={select} aria-label={t("ui.finance.import.addNeed")} aria-describedby={textId} value={chosen} disabled={state.kind === "busy"} onChange={(e) => setState({ kind: "choosing", needId: e.target.value })}>
          {(doc?.pillars ?? []).map((pillar) => (
            <optgroup key={pillar.id} label={`${pillar.number}. ${pillar.title}`}>
              {needs
                .filter((n) => n.pillar === pillar)
                .map((n) => (
                  <option key={n.id} value={n.id}>
                    {n.label}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
        <button type="button" className="button button--small" disabled={state.kind === "busy" || !chosen} onClick={() => void add()}>
          {t("ui.finance.import.addConfirm")}
        </button>
        <button type="button" className="button button--small" disabled={state.kind === "busy"} onClick={cancel}>
          {t("ui.finance.import.addCancel")}
        </button>
      </span>
    );
  return (
    <tr>
      <td>{proposal.row}</td>
      <td className="finance-action-text" id={textId}>
        {proposal.text}
      </td>
      <td>
        {proposal.institution || "—"}
        {proposal.newInstitution ? <span className="finance-note"> ({t("ui.finance.import.newInstitution")})</span> : null}
      </td>
      <td>
        {Object.entries(proposal.amounts).map(([year, amount], i) => (
          <span key={year}>
            {i > 0 ? " · " : ""}
            {`${year}: ${amount}`}
            {added.has(year) ? null : <span className="finance-note"> ({t("ui.finance.import.notAdded")})</span>}
          </span>
        ))}
        {Object.keys(proposal.amounts).length === 0 ? "—" : null}
      </td>
      <td>{control}</td>
    </tr>
  );
}

/** What a file's card says; while a task runs, the file the core is on says so and the others wait. */
function statusText(item: ImportItem, current: string | null, t: Translate): string {
  if (item.state === "pending") return item.file === current ? t("ui.finance.import.status.pending") : t("ui.finance.import.status.waiting");
  if (item.state === "applying") return item.file === current ? t("ui.finance.import.status.applying") : t("ui.finance.import.status.waiting");
  if (item.state === "cancelled") return t("ui.finance.import.status.cancelled");
  if (item.state === "applied") return item.result?.status === "already_imported" ? t("ui.finance.import.status.already_imported") : t("ui.finance.import.status.applied");
  return t(`ui.finance.import.status.${item.preview?.status ?? "rejected"}` as MessageKey);
}

function FileCard({ item, institutions }: { item: ImportItem; institutions: FinanceInstitution[] }) {
  const t = useT();
  const locale = useNumberLocale();
  const busy = useFinance((s) => s.progress !== null);
  const current = useFinance((s) => s.progress?.label ?? null);
  const p = item.preview;
  const headingId = `finance-file-${item.handle}`;
  // A refusal at apply time (for instance the plan changed meanwhile) is shown like one from the preview.
  const error = item.result?.error ?? p?.error ?? null;
  const tone = item.state === "applied" ? "ok" : item.state === "cancelled" ? "muted" : p?.status === "rejected" || item.result?.status === "rejected" ? "bad" : p?.status === "conflicts" ? "warn" : "ok";
  return (
    <li className={`finance-file finance-file--${tone}`} aria-labelledby={headingId} data-file={item.file}>
      <div className="finance-file-head">
        <h3 id={headingId} className="finance-file-name">
          {item.file}
        </h3>
        <span className="finance-file-status">{statusText(item, current, t)}</span>
      </div>
      {p && !p.error ? (
        <p className="finance-file-meta">{t("ui.finance.import.meta", { institution: p.institution ?? t("ui.finance.export.wholePlan"), sheet: p.sheet, rows: p.rowsRead })}</p>
      ) : null}
      {p && !p.error ? <Counts counts={item.result && item.state === "applied" ? item.result.counts : p.counts} kind={p.kind} t={t} /> : null}
      {p?.notices.map((n) => (
        <p key={n.code} className="finance-file-notice" role="status">
          {n.message}
        </p>
      ))}
      {error && !(p?.needsInstitution && !item.result) ? (
        <p className="finance-file-error" role="alert">
          {error.message}
        </p>
      ) : null}
      {p?.errors.length && !error ? (
        <p className="finance-file-error" role="alert">
          {t("ui.finance.import.badRows", { count: p.errors.length })}
        </p>
      ) : null}
      {p?.errors.length ? <ErrorsTable errors={p.errors} t={t} /> : null}
      {p?.needsInstitution && item.state === "previewed" ? (
        <div className="finance-institution">
          <p>{t("ui.finance.import.needsInstitution")}</p>
          <label>
            <span>{t("ui.finance.import.pickInstitution")}</span>{" "}
            <select value={item.institution} onChange={(e) => setItem(item.handle, { institution: e.target.value })}>
              <option value="">—</option>
              {institutions.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.acronym && i.acronym !== i.label ? `${i.acronym} · ${i.label}` : i.label}
                </option>
              ))}
            </select>
          </label>{" "}
          <button type="button" className="button" disabled={!item.institution || busy} onClick={() => void previewAgain(item.handle)}>
            {t("ui.finance.import.retry")}
          </button>
        </div>
      ) : null}
      {p?.needsConfirmation && item.state === "previewed" ? (
        <div className="finance-matches">
          <p>{t("ui.finance.import.matches")}</p>
          <PreviewTable columns={["row", "action"]} t={t}>
            {p.matches.map((m) => (
              <tr key={m.row}>
                <td>{m.row}</td>
                <td className="finance-action-text">{m.text}</td>
              </tr>
            ))}
          </PreviewTable>
          <label className="finance-confirm">
            <input type="checkbox" checked={item.confirmed} onChange={(e) => setItem(item.handle, { confirmed: e.target.checked })} /> {t("ui.finance.import.confirm")}
          </label>
        </div>
      ) : null}
      {p && !p.error ? <Details preview={p} t={t} locale={locale} /> : null}
      {item.state === "previewed" ? (
        <div className="finance-file-buttons">
          <button type="button" className="button" disabled={busy} onClick={() => cancelItem(item.handle)}>
            {t("ui.finance.import.cancel")}
          </button>
          <button type="button" className="button button--primary" disabled={busy || !canApply(item)} onClick={() => void applyItems([item.handle])}>
            {t("ui.finance.import.apply")}
          </button>
        </div>
      ) : null}
    </li>
  );
}

export function ImportDialog() {
  const t = useT();
  const items = useFinance((s) => s.items);
  const busy = useFinance((s) => s.progress !== null);
  const openConflictCount = useFinance((s) => s.conflicts.filter((c) => c.status === "open").length);
  const [institutions, setInstitutions] = useState<FinanceInstitution[]>([]);
  useEffect(() => {
    void call("finance.institutions").then((list) => setInstitutions(list ?? []));
  }, []);
  const ready = items.filter(canApply);
  const waiting = items.some((i) => i.state === "previewed" || i.state === "pending");
  return (
    <FinanceModal title={t("ui.finance.import.title")} className="modal--finance-import" onClose={closeFinance}>
      <p className="finance-intro">{t("ui.finance.import.intro")}</p>
      <ProgressLine />
      <ul className="plain-list finance-files">
        {items.map((item) => (
          <FileCard key={item.handle} item={item} institutions={institutions} />
        ))}
      </ul>
      <div className="modal-buttons">
        {openConflictCount > 0 && !busy ? (
          <button type="button" className="button" onClick={openConflicts}>
            {t("ui.finance.import.review")} ({openConflictCount})
          </button>
        ) : null}
        {waiting ? (
          <button type="button" className="button" disabled={busy} onClick={cancelAll}>
            {t("ui.finance.import.cancelAll")}
          </button>
        ) : null}
        {items.length > 1 ? (
          <button type="button" className="button button--primary" disabled={busy || !ready.length} onClick={() => void applyItems(ready.map((i) => i.handle))}>
            {t("ui.finance.import.applyAll", { count: ready.length })}
          </button>
        ) : null}
        <button type="button" className="button" disabled={busy} onClick={closeFinance} data-autofocus={items.length === 0 ? true : undefined}>
          {t("ui.finance.import.close")}
        </button>
      </div>
    </FinanceModal>
  );
}
