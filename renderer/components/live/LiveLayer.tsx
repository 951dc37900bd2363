/**
 * The live workshop over the window: its panel and join dialog, what the host
 * refused (in words, until read), the result of merging a copy, and on the
 * projector the pairing code in large type.
 */
import { useEffect } from "react";
import { useT } from "../../i18n";
import { useMatriz } from "../../store";
import { Modal } from "../editor/Modal";
import { useProjecting } from "../editor/projecting";
import { JoinDialog } from "./JoinDialog";
import { LivePanel } from "./LivePanel";
import { PairingCard } from "./PairingCard";
import { closeMerged, dismissRefusals, startLive, toggleCode, useLive } from "./live-store";
import "./live.css";

function Refusals() {
  const t = useT();
  const refusals = useLive((s) => s.refusals);
  if (!refusals.length) return null;
  return (
    <div className="live-refusals" role="alert" data-live-refusals>
      <ul className="plain-list">
        {refusals.map((r, i) => (
          <li key={i}>{r.by ? t("ui.live.refused.from", { name: r.by, message: r.message }) : r.message}</li>
        ))}
      </ul>
      <button type="button" className="button button--small" onClick={dismissRefusals}>
        {t("ui.live.refused.dismiss")}
      </button>
    </div>
  );
}

function Merged() {
  const t = useT();
  const merged = useLive((s) => s.merged);
  if (!merged) return null;
  const file = merged.file.split(/[\\/]/).pop() ?? merged.file;
  const toReview = merged.conflicts + merged.refused;
  return (
    <Modal title={t("ui.live.merge.title")} className="modal--live-merged" onClose={() => closeMerged(false)}>
      <p data-merged>{t("ui.live.merge.result", { file, changes: merged.changes, conflicts: merged.conflicts })}</p>
      {merged.refused ? <p>{t("ui.live.merge.refused", { count: merged.refused })}</p> : null}
      <div className="modal-buttons">
        <button type="button" className="button" onClick={() => closeMerged(false)} data-autofocus={toReview ? undefined : true}>
          {t("ui.live.merge.close")}
        </button>
        {toReview ? (
          <button type="button" className="button button--primary" onClick={() => closeMerged(true)} data-autofocus>
            {t("ui.live.merge.review")}
          </button>
        ) : null}
      </div>
    </Modal>
  );
}

/** The code on the projector, over the matrix, for the room to read and scan. */
function ProjectedCode() {
  const t = useT();
  const hosting = useLive((s) => s.state.hosting);
  const shown = useLive((s) => s.showCode);
  const projecting = useProjecting();
  if (!hosting || !shown) return null;
  return (
    <aside className={projecting ? "live-projected live-projected--projector" : "live-projected"} aria-label={t("ui.live.projectorJoin")} data-projected-code>
      <h2 className="live-projected-title">{t("ui.live.projectorJoin")}</h2>
      <PairingCard hosting={hosting} large />
      <button type="button" className="button" onClick={toggleCode}>
        {t("ui.live.hideCode")}
      </button>
    </aside>
  );
}

export function LiveLayer() {
  const view = useLive((s) => s.view);
  const planOpen = useMatriz((s) => s.plan !== null);
  useEffect(() => startLive(), []);
  return (
    <>
      <Refusals />
      {planOpen ? <ProjectedCode /> : null}
      {view === "panel" && planOpen ? <LivePanel /> : null}
      {view === "join" ? <JoinDialog /> : null}
      <Merged />
    </>
  );
}
