/** The session at a glance, in the session bar and the projector's bar: status, who is here (coloured as their cursors), and the way to the live panel. */
import type { LiveState } from "../../../src/api/contract";
import { useT, type Translate } from "../../i18n";
import { openLivePanel, useLive } from "./live-store";
import { peerColour } from "./peers";

export function statusText(state: LiveState, t: Translate): string {
  switch (state.status) {
    case "hosting":
      return t("ui.live.status.hosting", { count: Math.max(0, state.peers.length - 1) });
    case "online":
      return t("ui.live.status.online", { count: state.peers.length });
    case "connecting":
      return t("ui.live.status.connecting");
    case "offline":
      return t("ui.live.status.offline");
    case "denied":
      return t("ui.live.status.denied");
    default:
      return t("ui.live.open");
  }
}

/** `compact` (the projector's bar): the dot and the faces only; the words are there for screen readers and as the tooltip. */
export function LiveStatus({ compact = false }: { compact?: boolean }) {
  const t = useT();
  const state = useLive((s) => s.state);
  const on = state.status !== "off";
  const shown = state.peers.slice(0, compact ? 4 : 6);
  const text = statusText(state, t);
  return (
    <button
      type="button"
      className={`button button--small live-status live-status--${state.status}${compact ? " live-status--compact" : ""}`}
      data-live-status={state.status}
      onClick={openLivePanel}
      title={compact ? text : t("ui.live.title")}
    >
      {on ? <span className="live-dot" aria-hidden="true" /> : null}
      <span className={compact ? "visually-hidden" : "live-status-text"}>{text}</span>
      {on && shown.length ? (
        <span className="live-faces" aria-hidden="true">
          {shown.map((p) => (
            <span key={p.key} className="live-face" style={{ background: peerColour(p.key) }} title={p.name}>
              {p.name.slice(0, 1).toUpperCase()}
            </span>
          ))}
          {state.peers.length > shown.length ? <span className="live-more">+{state.peers.length - shown.length}</span> : null}
        </span>
      ) : null}
    </button>
  );
}
