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

/**
 * `compact` (the projector's bar): the dot and the faces only. In the session bar: a word
 * ("Host", "Offline") beside the faces, on one line however many people are here; the whole
 * sentence (how many are connected, what offline means) is there for screen readers and as
 * the tooltip.
 */
export function LiveStatus({ compact = false }: { compact?: boolean }) {
  const t = useT();
  const state = useLive((s) => s.state);
  const on = state.status !== "off";
  // A few faces and "+N": the bar keeps one row at 1280 pixels with a room full of laptops.
  const shown = state.peers.slice(0, compact ? 4 : 3);
  const text = statusText(state, t);
  const word = t("ui.live.statusWord", { status: state.status });
  return (
    <button
      type="button"
      className={`button button--small live-status live-status--${state.status}${compact ? " live-status--compact" : ""}`}
      data-live-status={state.status}
      onClick={openLivePanel}
      title={compact || on ? text : t("ui.live.title")}
    >
      {on ? <span className="live-dot" aria-hidden="true" /> : null}
      {compact || word === text ? null : (
        <span className="live-status-text" aria-hidden="true">
          {word}
        </span>
      )}
      <span className={compact || word !== text ? "visually-hidden" : "live-status-text"}>{text}</span>
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
