/**
 * The live workshop's panel. Without a session: host this plan, or join one.
 * Hosting: the pairing code and QR to show the room, who is here with the pillar
 * each laptop may edit, and the pillars locked for plenary validation. On a
 * laptop: the host it joined, its pillar, the locks, who is here, and, when the
 * host is gone, taking over hosting with everything this laptop has.
 */
import type { LivePeer, LiveState } from "../../../src/api/contract";
import { pillarTitle } from "../../format";
import { useLanguage, useT } from "../../i18n";
import { useMatriz } from "../../store";
import { Modal } from "../editor/Modal";
import { PairingCard } from "./PairingCard";
import { assign, closeLive, host, lock, openJoin, stop, toggleCode, useLive } from "./live-store";
import { statusText } from "./LiveStatus";
import { peerColour } from "./peers";

/** One empty list for every render (a new [] each time would look like a change to the store's selector). */
const NO_PILLARS: never[] = [];

function PeopleList({ state, canAssign }: { state: LiveState; canAssign: boolean }) {
  const t = useT();
  const language = useLanguage();
  const pillars = useMatriz((s) => s.document?.pillars ?? NO_PILLARS);
  return (
    <section className="live-section" aria-labelledby="live-people">
      <h3 id="live-people">{t("ui.live.people")}</h3>
      <ul className="plain-list live-people">
        {state.peers.map((peer: LivePeer) => (
          <li key={peer.key} className="live-person" data-peer={peer.name}>
            <span className="live-face" style={{ background: peerColour(peer.key) }} aria-hidden="true">
              {peer.name.slice(0, 1).toUpperCase()}
            </span>
            <span className="live-person-name">
              <strong>{peer.name}</strong>
              {peer.me ? ` (${t("ui.live.you")})` : ""}
              {peer.host ? <span className="live-badge">{t("ui.live.hostBadge")}</span> : null}
              {peer.device ? <span className="live-person-device">{t("ui.live.onDevice", { device: peer.device })}</span> : null}
            </span>
            {canAssign && !peer.host && peer.deviceId ? (
              <select
                className="live-assign"
                aria-label={t("ui.live.assign", { name: peer.name })}
                value={peer.scope?.pillar ?? ""}
                onChange={(e) => void assign(peer.deviceId!, e.target.value || null)}
              >
                <option value="">{t("ui.live.wholePlan")}</option>
                {pillars.map((p) => (
                  <option key={p.id} value={p.id}>
                    {t("ui.live.pillar", { number: p.number })} · {pillarTitle(p, language)}
                  </option>
                ))}
              </select>
            ) : peer.scope ? (
              <span className="live-person-scope">{t("ui.live.pillar", { number: peer.scope.number })}</span>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Locks({ state }: { state: LiveState }) {
  const t = useT();
  const language = useLanguage();
  const pillars = useMatriz((s) => s.document?.pillars ?? NO_PILLARS);
  const locked = new Set(state.locks.map((l) => l.pillar));
  return (
    <fieldset className="live-section live-locks">
      <legend>{t("ui.live.locks")}</legend>
      <p className="muted">{t("ui.live.locksHint")}</p>
      {pillars.map((p) => (
        <label key={p.id} className="live-lock">
          <input type="checkbox" checked={locked.has(p.id!)} onChange={(e) => void lock(p.id!, e.target.checked)} />
          {t("ui.live.lock", { number: p.number })} · {pillarTitle(p, language)}
        </label>
      ))}
    </fieldset>
  );
}

export function LivePanel() {
  const t = useT();
  const state = useLive((s) => s.state);
  const busy = useLive((s) => s.busy);
  const fetched = useLive((s) => s.fetched);
  const readOnly = useMatriz((s) => s.plan?.readOnly ?? false);
  return (
    <Modal title={t("ui.live.title")} className="modal--live" onClose={closeLive}>
      <p className="live-state" role="status" data-live-state={state.status}>
        {statusText(state, t)}
      </p>
      {state.status === "off" || state.status === "denied" ? (
        <>
          <p>{t("ui.live.intro")}</p>
          {state.denied ? (
            <p className="live-denied" role="alert">
              {state.denied.message}
            </p>
          ) : null}
          <div className="modal-buttons modal-buttons--start">
            <button type="button" className="button button--primary" disabled={busy || readOnly} onClick={() => void host()} data-autofocus>
              {busy ? t("ui.live.hosting") : t("ui.live.host")}
            </button>
            <button type="button" className="button" disabled={busy} onClick={openJoin}>
              {t("ui.live.join")}
            </button>
          </div>
        </>
      ) : null}
      {state.hosting ? (
        <>
          <PairingCard hosting={state.hosting} />
          {state.hosting.links[0] ? (
            <label className="form-field live-invitation-link">
              <span>{t("ui.live.invitationLink")}</span>
              <input className="text-input" readOnly value={state.hosting.links[0]} onFocus={(e) => e.currentTarget.select()} aria-describedby="live-invitation-hint" spellCheck={false} data-invitation-link />
              <small id="live-invitation-hint" className="muted">
                {t("ui.live.invitationHint")}
              </small>
            </label>
          ) : null}
          <div className="modal-buttons modal-buttons--start">
            <button type="button" className="button" onClick={() => (toggleCode(), closeLive())}>
              {t("ui.live.showCode")}
            </button>
          </div>
          <PeopleList state={state} canAssign />
          <Locks state={state} />
        </>
      ) : null}
      {state.role === "guest" && state.status !== "denied" ? (
        <>
          {state.joined ? <p className="live-joined">{t("ui.live.join.joined", { address: state.joined.address })}</p> : null}
          {fetched ? <p className="live-fetched">{t("ui.live.fetched", { path: fetched })}</p> : null}
          {state.joined && !state.joined.pinned ? <p className="live-warning">{t("ui.live.unpinned")}</p> : null}
          {state.scope ? <p className="live-scope">{t("ui.live.yourScope", { number: state.scope.number })}</p> : null}
          {state.locks.length ? (
            <p className="live-locked-list">{t("ui.live.lockedList", { count: state.locks.length, numbers: state.locks.map((l) => l.number).join(", ") })}</p>
          ) : null}
          {state.status === "offline" || state.status === "connecting" ? (
            <div className="live-takeover">
              <p>{t("ui.live.takeOverHint")}</p>
              <button type="button" className="button" disabled={busy || readOnly} onClick={() => void host()} data-take-over>
                {t("ui.live.takeOver")}
              </button>
            </div>
          ) : null}
          <PeopleList state={state} canAssign={false} />
        </>
      ) : null}
      <div className="modal-buttons">
        {state.role && state.status !== "denied" ? (
          <button type="button" className="button" disabled={busy} onClick={() => void stop()}>
            {state.role === "host" ? t("ui.live.stop.host") : t("ui.live.stop.guest")}
          </button>
        ) : null}
        <button type="button" className="button button--primary" onClick={closeLive} data-autofocus={state.role ? true : undefined}>
          {t("ui.live.close")}
        </button>
      </div>
    </Modal>
  );
}
