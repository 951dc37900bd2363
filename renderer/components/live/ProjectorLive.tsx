/**
 * The live workshop on the projector's bar: who is here, the code in large type
 * (host), and "follow the group typing", which scrolls to each edit another
 * laptop makes (the projector's own cursor stays where it is).
 */
import type { MouseEvent } from "react";
import { useT } from "../../i18n";
import { LiveStatus } from "./LiveStatus";
import { toggleCode, toggleFollow, useLive } from "./live-store";

export function ProjectorLive() {
  const t = useT();
  const role = useLive((s) => s.state.role);
  const status = useLive((s) => s.state.status);
  const hosting = useLive((s) => s.state.hosting !== null);
  const showCode = useLive((s) => s.showCode);
  const follow = useLive((s) => s.follow);
  if (!role || status === "denied") return null;
  const keepGridFocus = (e: MouseEvent) => e.preventDefault();
  return (
    <div className="projector-live" role="group" aria-label={t("ui.projector.live")}>
      <LiveStatus compact />
      {hosting ? (
        <button type="button" className="button button--small" aria-pressed={showCode} title={showCode ? t("ui.live.hideCode") : t("ui.live.showCode")} onMouseDown={keepGridFocus} onClick={toggleCode} data-show-code>
          {t("ui.live.codeShort")}
        </button>
      ) : null}
      <button type="button" className="button button--small live-follow" aria-pressed={follow} title={t("ui.live.follow")} aria-label={t("ui.live.follow")} onMouseDown={keepGridFocus} onClick={toggleFollow} data-follow>
        {t("ui.live.followShort")}
      </button>
    </div>
  );
}
