/** One text to add or edit (a gap, an overarching recommendation), with the gap's pillar where it has one. */
import { useState, type FormEvent } from "react";
import type { PlanDocument } from "../../../src/domain/document";
import type { MessageKey } from "../../../src/i18n";
import { pillarTitle } from "../../format";
import { useLanguage, useT } from "../../i18n";
import { FormButtons, FormProblem, formKeyHandler } from "../form-parts";

export function TextItemForm(props: {
  label: MessageKey;
  text?: string;
  /** Given for gaps: the pillar chosen (null for a general gap), with the plan's pillars to choose from. */
  pillar?: { value: number | null; doc: PlanDocument };
  onSave: (text: string, pillar: number | null) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const language = useLanguage();
  const [text, setText] = useState(props.text ?? "");
  const [pillar, setPillar] = useState<number | null>(props.pillar?.value ?? null);
  const [problem, setProblem] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return setProblem(true);
    props.onSave(text.trim(), pillar);
  };
  return (
    <form className="section-form section-form--row" onSubmit={submit} onKeyDown={formKeyHandler(props.onCancel)}>
      {props.pillar ? (
        <label>
          <span>{t("ui.gaps.pillar")}</span>
          <select value={pillar ?? ""} onChange={(e) => setPillar(e.target.value ? Number(e.target.value) : null)}>
            <option value="">{t("ui.gaps.noPillar")}</option>
            {props.pillar.doc.pillars.map((p) => (
              <option key={p.number} value={p.number}>
                {t("ui.matrix.pillar", { number: p.number })} · {pillarTitle(p, language)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label className="section-form__wide">
        <span>{t(props.label)}</span>
        <textarea className="text-input" rows={3} value={text} onChange={(e) => setText(e.target.value)} autoFocus aria-invalid={problem} />
      </label>
      <FormProblem>{problem ? t("ui.list.required") : null}</FormProblem>
      <FormButtons onCancel={props.onCancel} />
    </form>
  );
}
