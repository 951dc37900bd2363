/** Adding or editing one existing activity: pillar, theme (and profile in plans that have them), activity, commitments, supervisors. */
import { useState, type FormEvent } from "react";
import type { PlanDocument, StocktakingDoc } from "../../../src/domain/document";
import { pillarTitle } from "../../format";
import { useLanguage, useT } from "../../i18n";
import { FormButtons, FormProblem, formKeyHandler } from "../form-parts";

export interface StocktakingDraft {
  pillar: number;
  theme: string | null;
  profile: string | null;
  activity: string;
  commitments: string[];
  supervisors: string | null;
  commitment_detail: string | null;
}

const nullIfBlank = (text: string) => (text.trim() ? text.trim() : null);

export function StocktakingForm(props: { doc: PlanDocument; row?: StocktakingDoc; pillar?: number; onSave: (draft: StocktakingDraft) => void; onCancel: () => void }) {
  const t = useT();
  const language = useLanguage();
  const { doc, row } = props;
  const [pillar, setPillar] = useState(row?.pillar ?? props.pillar ?? doc.pillars[0]?.number ?? 1);
  const [theme, setTheme] = useState(row?.theme ?? "");
  const [profile, setProfile] = useState(row?.profile ?? "");
  const [activity, setActivity] = useState(row?.activity ?? "");
  const [commitments, setCommitments] = useState((row?.commitments ?? []).join("; "));
  const [supervisors, setSupervisors] = useState(row?.supervisors ?? "");
  const [detail, setDetail] = useState(row?.commitment_detail ?? "");
  const [problem, setProblem] = useState(false);
  const hasProfiles = (doc.profiles?.length ?? 0) > 0 || Boolean(row?.profile);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!activity.trim()) return setProblem(true);
    props.onSave({
      pillar,
      theme: nullIfBlank(theme),
      profile: nullIfBlank(profile),
      activity: activity.trim(),
      commitments: commitments.split(/;|\n/).map((c) => c.trim()).filter(Boolean),
      supervisors: nullIfBlank(supervisors),
      commitment_detail: nullIfBlank(detail),
    });
  };

  return (
    <form className="section-form section-form--row" onSubmit={submit} onKeyDown={formKeyHandler(props.onCancel)}>
      <label>
        <span>{t("ui.stocktaking.pillar")}</span>
        <select value={pillar} onChange={(e) => setPillar(Number(e.target.value))}>
          {doc.pillars.map((p) => (
            <option key={p.number} value={p.number}>
              {t("ui.matrix.pillar", { number: p.number })} · {pillarTitle(p, language)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t("ui.stocktaking.theme")}</span>
        <input className="text-input" value={theme} onChange={(e) => setTheme(e.target.value)} />
      </label>
      {hasProfiles ? (
        <label>
          <span>{t("ui.stocktaking.profile")}</span>
          <input className="text-input" value={profile} onChange={(e) => setProfile(e.target.value)} />
        </label>
      ) : null}
      <label className="section-form__wide">
        <span>{t("ui.stocktaking.activity")}</span>
        <textarea className="text-input" rows={3} value={activity} onChange={(e) => setActivity(e.target.value)} data-autofocus autoFocus aria-invalid={problem} />
      </label>
      <label className="section-form__wide">
        <span>{t("ui.stocktaking.commitmentsHint")}</span>
        <input className="text-input" value={commitments} onChange={(e) => setCommitments(e.target.value)} />
      </label>
      <label className="section-form__wide">
        <span>{t("ui.stocktaking.supervisors")}</span>
        <input className="text-input" value={supervisors} onChange={(e) => setSupervisors(e.target.value)} />
      </label>
      <label className="section-form__wide">
        <span>{t("ui.stocktaking.detail")}</span>
        <textarea className="text-input" rows={2} value={detail} onChange={(e) => setDetail(e.target.value)} />
      </label>
      <FormProblem>{problem ? t("ui.list.required") : null}</FormProblem>
      <FormButtons onCancel={props.onCancel} />
    </form>
  );
}
