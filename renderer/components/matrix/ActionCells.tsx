/** What each column shows for one action; the editors open over these cells. */
import type { ReactNode } from "react";
import type { BudgetLineDoc } from "../../../src/domain/document";
import { formatCustomValue } from "../../../src/domain/custom-columns";
import type { GridAction as ActionDoc } from "../../../src/domain/grid";
import type { MessageKey } from "../../../src/i18n";
import { formatAmount, formatDate, formatYears } from "../../format";
import { useLanguage, useNumberLocale, useT } from "../../i18n";
import { useBudgetLines } from "../../store";
import type { MatrixColumn } from "./model";

export function ActionCellContent(props: { column: MatrixColumn; action: ActionDoc; needTitle: string; firstOfNeed: boolean }): ReactNode {
  const { action, column } = props;
  if (column.kind === "custom") return <CustomValue column={column} value={action.custom?.[column.key]} />;
  if (column.kind === "status") return <StatusCell action={action} />;
  switch (column.key) {
    case "need":
      return props.firstOfNeed ? <span className="need-inline">{props.needTitle}</span> : null;
    case "action":
      return <p className="action-text">{action.text}</p>;
    case "institutions":
      return <Institutions action={action} />;
    case "schedule":
      return <Schedule action={action} />;
    case "commitments":
      return <TagList items={action.commitments} />;
    case "budget":
      return <BudgetLines action={action} show={(line) => <BudgetAmount line={line} />} />;
    case "currency":
      return <BudgetLines action={action} show={(line) => line.currency} />;
    case "funding_source":
      return <BudgetLines action={action} show={(line) => <FundingSource source={line.funding_source} />} />;
    case "pei":
      return <BudgetLines action={action} show={(line) => line.pei ?? ""} />;
    case "poa":
      return <BudgetLines action={action} show={(line) => line.poa ?? ""} />;
  }
}

function CustomValue({ column, value }: { column: Extract<MatrixColumn, { kind: "custom" }>; value: string | undefined }) {
  const locale = useNumberLocale();
  if (!value) return null;
  const text = formatCustomValue({ kind: column.type, options: column.options }, value, locale);
  return column.type === "number" ? <span className="amount">{text}</span> : <>{text}</>;
}

/** The status as a badge, and the date it changed under it. */
function StatusCell({ action }: { action: ActionDoc }) {
  const t = useT();
  const language = useLanguage();
  const status = action.status ?? "planned";
  return (
    <>
      <span className={`status-badge status-badge--${status}`}>{t(`ui.status.${status}` as MessageKey)}</span>
      {action.status_date ? <span className="status-date">{t("ui.status.since", { date: formatDate(action.status_date, language) })}</span> : null}
    </>
  );
}

function Institutions({ action }: { action: ActionDoc }) {
  const t = useT();
  if (action.institutions.length === 0) return <span className="muted">{t("ui.matrix.noInstitutions")}</span>;
  // The lead goes first, as the 2017 matrices put the coordinating authority in bold at the top.
  const ordered = action.lead ? [action.lead, ...action.institutions.filter((i) => i !== action.lead)] : action.institutions;
  return (
    <ul className="institutions">
      {ordered.map((institution) =>
        institution === action.lead ? (
          <li key={institution} className="institution institution--lead">
            <strong>{institution}</strong> <span className="lead-tag">{t("ui.matrix.lead")}</span>
          </li>
        ) : (
          <li key={institution} className="institution">
            {institution}
          </li>
        ),
      )}
    </ul>
  );
}

function Schedule({ action }: { action: ActionDoc }) {
  const t = useT();
  const language = useLanguage();
  const years = action.schedule_years ?? [];
  if (!action.schedule && years.length === 0) return null;
  return (
    <>
      {action.schedule ? <span className="schedule-text">{action.schedule}</span> : null}
      {years.length > 0 ? <span className="schedule-years">{t("ui.matrix.years", { years: formatYears(years, language) })}</span> : null}
    </>
  );
}

function TagList({ items }: { items: readonly string[] }) {
  if (items.length === 0) return null;
  return (
    <ul className="tags">
      {items.map((item) => (
        <li key={item} className="tag">
          {item}
        </li>
      ))}
    </ul>
  );
}

/**
 * One line per budget line in every financial column, so the columns read across.
 * The lines come a moment after the row (fetched for the rows on screen); until then
 * the row keeps their place with empty lines of the same height.
 */
function BudgetLines({ action, show }: { action: ActionDoc; show: (line: BudgetLineDoc) => ReactNode }) {
  const lines = useBudgetLines((s) => s.lines.get(action.id!));
  if (!lines) {
    if (action.budget.lines === 0) return null;
    return (
      <ul className="budget-lines budget-lines--loading" aria-busy="true">
        {Array.from({ length: action.budget.lines }, (_, i) => (
          <li key={i} className="budget-line">
            {"\u00a0"}
          </li>
        ))}
      </ul>
    );
  }
  if (lines.length === 0) return null;
  return (
    <ul className="budget-lines">
      {lines.map((line, i) => (
        <li key={line.id ?? i} className="budget-line">
          {show(line) || "\u00a0"}
        </li>
      ))}
    </ul>
  );
}

function BudgetAmount({ line }: { line: BudgetLineDoc }) {
  const locale = useNumberLocale();
  return (
    <>
      {/* The year first: a long institution name is cut, never the year. */}
      <span className="budget-meta" title={`${line.year} · ${line.institution}`}>
        {line.year} · {line.institution}
      </span>{" "}
      <span className="amount">{line.amount === null ? "—" : formatAmount(line.amount, locale)}</span>
    </>
  );
}

function FundingSource({ source }: { source: BudgetLineDoc["funding_source"] }) {
  const t = useT();
  return source ? <>{t(`ui.funding.${source}` as MessageKey)}</> : null;
}
