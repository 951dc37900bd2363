/** Title, period and base currency of the plan: one form, one change (one undo step). */
import { useState, type FormEvent } from "react";
import type { MessageKey } from "../../../src/i18n";
import type { PlanDocument } from "../../../src/domain/document";
import { useT } from "../../i18n";
import { setPlanSettings } from "../../section-edits";
import { Modal } from "../editor/Modal";
import { FormButtons, FormProblem } from "../form-parts";

const YEAR = /^\d{4}$/;

export function PlanSettingsDialog({ doc, onClose }: { doc: PlanDocument; onClose: () => void }) {
  const t = useT();
  const [title, setTitle] = useState(doc.title ?? "");
  const [start, setStart] = useState(String(doc.period?.start ?? ""));
  const [end, setEnd] = useState(String(doc.period?.end ?? ""));
  const [currency, setCurrency] = useState(doc.base_currency ?? "");
  const [problem, setProblem] = useState<MessageKey | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const code = currency.trim().toUpperCase();
    if (!title.trim()) return setProblem("ui.notice.titleRequired");
    if (!YEAR.test(start.trim()) || !YEAR.test(end.trim()) || Number(end) < Number(start)) return setProblem("ui.plan.badPeriod");
    if (!/^[A-Z]{3}$/.test(code)) return setProblem("ui.budget.badCurrency");
    const input: Parameters<typeof setPlanSettings>[0] = {};
    if (title.trim() !== doc.title) input.title = title.trim();
    if (Number(start) !== doc.period?.start || Number(end) !== doc.period?.end) input.period = { start: Number(start), end: Number(end) };
    if (code !== doc.base_currency) input.base_currency = code;
    if (Object.keys(input).length) void setPlanSettings(input);
    onClose();
  };

  return (
    <Modal title={t("ui.plan.settingsTitle")} className="modal--settings" onClose={onClose}>
      <form className="section-form" onSubmit={submit}>
        <label className="section-form__wide">
          <span>{t("ui.plan.title")}</span>
          <input className="text-input" value={title} onChange={(e) => setTitle(e.target.value)} data-autofocus />
        </label>
        <label>
          <span>{t("ui.plan.periodStart")}</span>
          <input className="text-input" inputMode="numeric" maxLength={4} value={start} onChange={(e) => setStart(e.target.value)} aria-describedby="plan-period-hint" />
        </label>
        <label>
          <span>{t("ui.plan.periodEnd")}</span>
          <input className="text-input" inputMode="numeric" maxLength={4} value={end} onChange={(e) => setEnd(e.target.value)} aria-describedby="plan-period-hint" />
        </label>
        <label>
          <span>{t("ui.plan.baseCurrency")}</span>
          <input className="text-input text-input--code" maxLength={3} value={currency} onChange={(e) => setCurrency(e.target.value)} />
        </label>
        <small id="plan-period-hint" className="muted section-form__wide">
          {t("ui.plan.periodHint")}
        </small>
        <FormProblem>{problem ? t(problem) : null}</FormProblem>
        <FormButtons onCancel={onClose} submitLabel={t("ui.plan.save")} inModal />
      </form>
    </Modal>
  );
}
