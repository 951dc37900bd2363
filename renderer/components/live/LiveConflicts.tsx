/**
 * Conflicts from the live workshop and merged copies, in the conflicts panel
 * beside those of returned workbooks: the row and cell, what the plan holds and
 * what the other laptop typed, who typed each on which laptop, and a button per
 * side. Resolving is an edit of the person resolving, so it reaches the room.
 */
import type { LiveConflict } from "../../../src/api/contract";
import type { MessageKey } from "../../../src/i18n";
import { useT, type Translate } from "../../i18n";
import { call } from "../../store";
import { loadConflicts, useFinance } from "../finance/finance-store";

type Take = "plan" | "returned" | "base";

function who(by: LiveConflict["planBy"], t: Translate): string {
  if (!by) return "";
  return by.device ? t("ui.live.conflicts.byDevice", { author: by.author, device: by.device }) : t("ui.live.conflicts.by", { author: by.author });
}

function value(text: string | null, deletedRow: boolean, t: Translate): string {
  if (text === null) return deletedRow ? t("ui.live.conflicts.deleted") : t("ui.live.conflicts.empty");
  return text === "" ? t("ui.live.conflicts.empty") : text;
}

async function resolve(ids: string[] | "all", take: Take, notice: (count: number) => string): Promise<void> {
  const answer = await call("live.resolve", ids === "all" ? { all: true, take } : { ids, take });
  if (answer) useFinance.setState({ notice: notice(answer.resolved) });
  await loadConflicts();
}

function LiveConflictRow({ conflict, notice }: { conflict: LiveConflict; notice: (count: number) => string }) {
  const t = useT();
  const whole = conflict.field === null || conflict.kind !== "both_changed";
  const field = conflict.field ? t("ui.live.conflicts.field", { field: conflict.field }) : null;
  const side = (label: MessageKey, text: string | null, by: LiveConflict["planBy"], take: Take, button: MessageKey, className: string) => (
    <div className={`finance-side ${className}`}>
      <span className="finance-side-label">{t(label)}</span>
      <span className="finance-side-value">{value(text, whole, t)}</span>
      {by ? <span className="live-conflict-by">{who(by, t)}</span> : null}
      <button type="button" className="button" data-take={take} onClick={() => void resolve([conflict.id], take, notice)}>
        {t(button)}
      </button>
    </div>
  );
  return (
    <li className="finance-conflict live-conflict" data-live-conflict={conflict.id} aria-label={`${conflict.row}${field ? ` · ${field}` : ""}`}>
      <div className="finance-conflict-head">
        <p className="finance-conflict-where">
          <strong className="finance-action-text">{conflict.row}</strong>
          {field ? ` · ${field}` : ""}
        </p>
        <p className="finance-conflict-kind">{t(`ui.live.conflicts.kind.${conflict.kind}` as MessageKey)}</p>
      </div>
      <div className="finance-sides">
        {conflict.kind === "both_changed" ? side("ui.live.conflicts.base", conflict.base, null, "base", "ui.live.conflicts.takeBase", "finance-side--base") : null}
        {side("ui.live.conflicts.plan", conflict.plan, conflict.planBy, "plan", "ui.live.conflicts.keepPlan", "finance-side--plan")}
        {side("ui.live.conflicts.other", conflict.other, conflict.otherBy, "returned", "ui.live.conflicts.takeOther", "finance-side--returned")}
      </div>
    </li>
  );
}

/** The live part of the conflicts panel; nothing when there are none. */
export function LiveConflicts() {
  const t = useT();
  const all = useFinance((s) => s.liveConflicts);
  const open = all.filter((c) => c.status === "open");
  if (!open.length) return null;
  const notice = (count: number) => t("ui.live.conflicts.resolved", { count });
  return (
    <section className="live-conflicts" aria-labelledby="live-conflicts-title">
      <h3 id="live-conflicts-title" className="live-conflicts-title">
        {t("ui.live.conflicts.title")}
      </h3>
      <p className="finance-conflict-count">{t("ui.live.conflicts.count", { count: open.length })}</p>
      <ul className="plain-list finance-conflicts">
        {open.map((c) => (
          <LiveConflictRow key={c.id} conflict={c} notice={notice} />
        ))}
      </ul>
    </section>
  );
}
