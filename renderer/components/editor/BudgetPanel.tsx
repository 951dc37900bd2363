/**
 * The financial part of one action: its budget lines (institution, year, amount,
 * currency, funding source, PEI, POA, budget code, note). Amounts are typed the way
 * the planner writes them, in either locale ("1.250.000,50" or "1,250,000.50"),
 * and shown in the user's own locale.
 */
import { useEffect, useState, type FormEvent } from "react";
import type { BudgetLineDoc } from "../../../src/domain/document";
import { formatAmount, numberStyle, parseAmount } from "../../../src/domain/numbers";
import type { MessageKey } from "../../../src/i18n";
import { findAction } from "../../doc-patch";
import { removeBudgetLine, saveBudgetLine } from "../../edits";
import { useNumberLocale, useT } from "../../i18n";
import { useBudgetLines, useMatriz } from "../../store";
import { loadBudgetLines, realId } from "../../sync";
import { AddOrUpdateButtons } from "../form-parts";
import { closeDialog } from "../matrix/commands";
import { Modal } from "./Modal";

type FundingSource = NonNullable<BudgetLineDoc["funding_source"]>;
// Listed here rather than imported: document.ts brings zod, which probes eval and trips the CSP.
const FUNDING_SOURCES: readonly FundingSource[] = ["national_budget", "international_cooperation", "to_be_mobilised", "other"];
interface Draft {
  id?: string;
  institution: string;
  year: string;
  amount: string;
  currency: string;
  funding_source: FundingSource | "";
  pei: string;
  poa: string;
  budget_code: string;
  note: string;
}

function draftFrom(line: BudgetLineDoc, locale: string): Draft {
  return {
    id: line.id,
    institution: line.institution,
    year: String(line.year),
    amount: line.amount === null ? "" : formatAmount(line.amount, locale),
    currency: line.currency,
    funding_source: line.funding_source ?? "",
    pei: line.pei ?? "",
    poa: line.poa ?? "",
    budget_code: line.budget_code ?? "",
    note: line.note ?? "",
  };
}

export function BudgetPanel({ actionId }: { actionId: string }) {
  const t = useT();
  const locale = useNumberLocale();
  const doc = useMatriz((s) => s.document);
  const found = doc ? findAction(doc, realId(actionId)) : null;
  const action = found?.action;
  const loaded = useBudgetLines((s) => (action?.id ? s.lines.get(action.id) : undefined));
  useEffect(() => {
    if (action?.id && !loaded) loadBudgetLines([action.id]);
  }, [action?.id, loaded]);
  const blank = (): Draft => ({
    institution: action?.lead ?? action?.institutions[0] ?? "",
    year: String(doc?.period?.start ?? new Date().getFullYear()),
    amount: "",
    currency: doc?.base_currency ?? "USD",
    funding_source: "",
    pei: "",
    poa: "",
    budget_code: "",
    note: "",
  });
  const [draft, setDraft] = useState<Draft>(blank);
  const [problem, setProblem] = useState<MessageKey | null>(null);
  if (!action) return null;

  const parsed = draft.amount.trim() ? parseAmount(draft.amount, numberStyle(locale)) : null;
  const set = (field: keyof Draft) => (event: { target: { value: string } }) => setDraft({ ...draft, [field]: event.target.value });

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (parsed && !parsed.ok) return setProblem("ui.budget.badAmount");
    const year = Number(draft.year);
    if (!Number.isInteger(year) || year < 1900 || year > 2200) return setProblem("ui.budget.badYear");
    const currency = ((parsed?.ok && parsed.currency) || draft.currency).trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) return setProblem("ui.budget.badCurrency");
    setProblem(null);
    const line: BudgetLineDoc = {
      ...(draft.id ? { id: draft.id } : {}),
      institution: draft.institution,
      year,
      amount: parsed?.ok ? parsed.value : null,
      currency,
      funding_source: draft.funding_source || null,
      pei: draft.pei.trim() || null,
      poa: draft.poa.trim() || null,
      budget_code: draft.budget_code.trim() || null,
      note: draft.note.trim() || null,
    };
    const saved = await saveBudgetLine(actionId, line);
    if (saved) setDraft({ ...blank(), institution: draft.institution, year: draft.year, currency: draft.currency });
  };

  const lines = loaded ?? [];
  return (
    <Modal title={t("ui.budget.title")} className="modal--budget">
      <p className="budget-action">{action.text}</p>
      {action.institutions.length === 0 ? (
        <p className="notice-inline">{t("ui.budget.noInstitutions")}</p>
      ) : (
        <form className="budget-form" onSubmit={onSubmit}>
          <label>
            <span>{t("ui.budget.institution")}</span>
            <select value={draft.institution} onChange={set("institution")} data-autofocus>
              {action.institutions.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t("ui.budget.year")}</span>
            <input className="text-input" inputMode="numeric" value={draft.year} onChange={set("year")} />
          </label>
          <label className="budget-amount">
            <span>{t("ui.budget.amount")}</span>
            <input className="text-input" value={draft.amount} onChange={set("amount")} aria-describedby="budget-amount-read" />
            <small id="budget-amount-read" className={parsed && !parsed.ok ? "field-error" : "muted"}>
              {parsed === null ? t("ui.budget.amountHint") : parsed.ok ? t("ui.budget.amountRead", { amount: formatAmount(parsed.value, locale) }) : t("ui.budget.badAmount")}
            </small>
          </label>
          <label>
            <span>{t("ui.budget.currency")}</span>
            <input className="text-input text-input--code" maxLength={3} value={draft.currency} onChange={set("currency")} />
          </label>
          <label>
            <span>{t("column.funding_source")}</span>
            <select value={draft.funding_source} onChange={set("funding_source")}>
              <option value="">—</option>
              {FUNDING_SOURCES.map((source) => (
                <option key={source} value={source}>
                  {t(`ui.funding.${source}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>PEI</span>
            <input className="text-input" value={draft.pei} onChange={set("pei")} />
          </label>
          <label>
            <span>POA</span>
            <input className="text-input" value={draft.poa} onChange={set("poa")} />
          </label>
          <label>
            <span>{t("ui.budget.code")}</span>
            <input className="text-input" value={draft.budget_code} onChange={set("budget_code")} />
          </label>
          <label className="budget-note">
            <span>{t("ui.budget.note")}</span>
            <input className="text-input" value={draft.note} onChange={set("note")} />
          </label>
          <AddOrUpdateButtons editing={Boolean(draft.id)} submitLabel={t(draft.id ? "ui.budget.update" : "ui.budget.add")} onCancel={() => setDraft(blank())}>
            {problem ? <p className="field-error" role="alert">{t(problem)}</p> : null}
          </AddOrUpdateButtons>
        </form>
      )}
      <table className="budget-table">
        <caption className="visually-hidden">{t("ui.budget.lines")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("ui.budget.institution")}</th>
            <th scope="col">{t("ui.budget.year")}</th>
            <th scope="col" className="num">
              {t("ui.budget.amount")}
            </th>
            <th scope="col">{t("ui.budget.currency")}</th>
            <th scope="col">{t("column.funding_source")}</th>
            <th scope="col">PEI / POA</th>
            <th scope="col">
              <span className="visually-hidden">{t("ui.budget.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.length === 0 ? (
            <tr>
              <td colSpan={7} className="muted">
                {t("ui.budget.empty")}
              </td>
            </tr>
          ) : null}
          {lines.map((line) => (
            <tr key={line.id}>
              <td>{line.institution}</td>
              <td>{line.year}</td>
              <td className="num amount">{line.amount === null ? "—" : formatAmount(line.amount, locale)}</td>
              <td>{line.currency}</td>
              <td>{line.funding_source ? t(`ui.funding.${line.funding_source}` as MessageKey) : ""}</td>
              <td>{[line.pei, line.poa].filter(Boolean).join(" · ")}</td>
              <td className="budget-row-buttons">
                <button type="button" className="button button--small" onClick={() => setDraft(draftFrom(line, locale))}>
                  {t("ui.budget.edit")}
                </button>
                <button type="button" className="button button--small button--danger-quiet" onClick={() => line.id && void removeBudgetLine(actionId, line.id)}>
                  {t("ui.budget.remove")}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="modal-buttons">
        <button type="button" className="button" onClick={closeDialog}>
          {t("ui.budget.close")}
        </button>
      </div>
    </Modal>
  );
}
