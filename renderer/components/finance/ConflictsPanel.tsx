/**
 * The conflicts imports left: for each, the value exported (base), the plan's
 * value now and the returned file's, side by side; resolved one by one with the
 * buttons on its row (or Alt+P / Alt+R / Alt+B on the focused row), or in bulk.
 */
import { useEffect, useRef, type KeyboardEvent } from "react";
import type { FinanceConflict } from "../../../src/api/contract";
import type { MessageKey } from "../../../src/i18n";
import { useLanguage, useNumberLocale, useT } from "../../i18n";
import { FinanceModal } from "./FinanceModal";
import { closeFinance, loadConflicts, resolve, useFinance } from "./finance-store";
import { conflictField, conflictYear, showValue } from "./values";
import { LiveConflicts } from "../live/LiveConflicts";

type Take = "plan" | "returned" | "base";
const KEYS: Record<string, Take> = { p: "plan", r: "returned", b: "base" };

/** After a row is resolved, the same button on the row that takes its place gets the focus. */
let focusAfter: { index: number; side: Take } | null = null;

function ConflictRow({ conflict, index, notice }: { conflict: FinanceConflict; index: number; notice: (n: number) => string }) {
  const t = useT();
  const language = useLanguage();
  const locale = useNumberLocale();
  const field = conflictField(conflict, t, language);
  const year = conflictYear(conflict.year);
  const take = (side: Take) => {
    focusAfter = { index, side };
    void resolve([conflict.id], side, notice);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const side = event.altKey ? KEYS[event.key.toLowerCase()] : undefined;
    if (!side) return;
    event.preventDefault();
    take(side);
  };
  // A plan column's value is about no year: said without one.
  const where = conflict.year === null ? t("ui.finance.conflicts.whereColumn", { action: conflict.action, institution: conflict.institution, field }) : t("ui.finance.conflicts.where", { action: conflict.action, institution: conflict.institution, year, field });
  return (
    <li className="finance-conflict" data-conflict={conflict.id} aria-label={where} onKeyDown={onKeyDown}>
      <div className="finance-conflict-head">
        <p className="finance-conflict-where">
          <strong className="finance-action-text">{conflict.action}</strong> · {conflict.institution} · {conflict.year === null ? "" : `${year} · `}
          {field}
        </p>
        <p className="finance-conflict-kind">
          {t(`ui.finance.conflicts.kind.${conflict.kind}` as MessageKey)} · {t("ui.finance.conflicts.from", { file: conflict.file })}
        </p>
      </div>
      <div className="finance-sides">
        <div className="finance-side finance-side--base">
          <span className="finance-side-label">{t("ui.finance.conflicts.base")}</span>
          <span className="finance-side-value">{showValue(conflict.field, conflict.base, t, locale)}</span>
          <button type="button" className="button" data-take="base" onClick={() => take("base")} aria-keyshortcuts="Alt+B">
            {t("ui.finance.conflicts.takeBase")}
          </button>
        </div>
        <div className="finance-side finance-side--plan">
          <span className="finance-side-label">{t("ui.finance.conflicts.plan")}</span>
          <span className="finance-side-value">{showValue(conflict.field, conflict.plan, t, locale)}</span>
          <button type="button" className="button" data-take="plan" onClick={() => take("plan")} aria-keyshortcuts="Alt+P">
            {t("ui.finance.conflicts.takePlan")}
          </button>
        </div>
        <div className="finance-side finance-side--returned">
          <span className="finance-side-label">{t("ui.finance.conflicts.returned")}</span>
          <span className="finance-side-value">{showValue(conflict.field, conflict.returned, t, locale)}</span>
          <button type="button" className="button" data-take="returned" onClick={() => take("returned")} aria-keyshortcuts="Alt+R">
            {t("ui.finance.conflicts.takeReturned")}
          </button>
        </div>
      </div>
    </li>
  );
}

export function ConflictsPanel() {
  const t = useT();
  const conflicts = useFinance((s) => s.conflicts);
  const notice = useFinance((s) => s.notice);
  useEffect(() => {
    void loadConflicts();
  }, []);
  const open = conflicts.filter((c) => c.status === "open");
  const liveOpen = useFinance((s) => s.liveConflicts.filter((c) => c.status === "open").length);
  // Only conflicts from the live workshop or a merged copy: the panel speaks of them, not of returned files.
  const onlyLive = open.length === 0 && liveOpen > 0;
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (!focusAfter || !list.current) return;
    const rows = list.current.querySelectorAll<HTMLElement>(".finance-conflict");
    const row = rows[Math.min(focusAfter.index, rows.length - 1)];
    row?.querySelector<HTMLElement>(`[data-take="${focusAfter.side}"]`)?.focus();
    focusAfter = null;
  }, [open.length]);
  const resolved = (count: number) => t("ui.finance.conflicts.resolved", { count });
  return (
    <FinanceModal title={onlyLive ? t("ui.live.conflicts.panelTitle") : t("ui.finance.conflicts.title")} className="modal--finance-conflicts" onClose={closeFinance}>
      <p className="finance-intro">{onlyLive ? t("ui.live.conflicts.intro") : t("ui.finance.conflicts.intro")}</p>
      <p className="finance-conflict-count" role="status" aria-live="polite">
        {notice ? `${notice} ` : ""}
        {open.length ? t("ui.finance.conflicts.count", { count: open.length }) : liveOpen ? "" : t("ui.finance.conflicts.empty")}
      </p>
      <ul className="plain-list finance-conflicts" ref={list}>
        {open.map((c, i) => (
          <ConflictRow key={c.id} conflict={c} index={i} notice={resolved} />
        ))}
      </ul>
      <LiveConflicts />
      <div className="modal-buttons">
        {open.length > 1 ? (
          <>
            <button type="button" className="button" onClick={() => void resolve("all", "plan", resolved)}>
              {t("ui.finance.conflicts.allPlan")}
            </button>
            <button type="button" className="button" onClick={() => void resolve("all", "returned", resolved)}>
              {t("ui.finance.conflicts.allReturned")}
            </button>
          </>
        ) : null}
        <button type="button" className="button button--primary" onClick={closeFinance} data-autofocus={open.length === 0 && liveOpen === 0 ? true : undefined}>
          {t("ui.finance.conflicts.close")}
        </button>
      </div>
    </FinanceModal>
  );
}
