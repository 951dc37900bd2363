/**
 * Joining a workshop: the hosts found on the room's network (mDNS) to pick
 * from, or the address typed as the projector shows it, and the pairing code
 * (or a join link). A refusal (a wrong code, a machine that is not the host)
 * is said here in words, and the dialog stays open to try again.
 */
import { useEffect, useState, type FormEvent } from "react";
import type { LiveFoundHost } from "../../../src/api/contract";
import { namesSameHost } from "../../../src/domain/pairing-code";
import { useT } from "../../i18n";
import { Modal } from "../editor/Modal";
import { closeLive, discover, join, useLive } from "./live-store";

export function JoinDialog() {
  const t = useT();
  const busy = useLive((s) => s.busy);
  const denied = useLive((s) => s.state.denied);
  const invitation = useLive((s) => s.invitation);
  const [address, setAddress] = useState(invitation?.address ?? "");
  const [code, setCode] = useState(invitation?.code ?? "");
  const [error, setError] = useState<string | null>(null);
  const [waiting, setWaiting] = useState(false);
  /** A refusal is shown only for a try made in this dialog. */
  const [tried, setTried] = useState(false);
  const [found, setFound] = useState<LiveFoundHost[] | null>(null);

  // A link opened while the dialog is open fills it again.
  useEffect(() => {
    if (!invitation) return;
    setAddress(invitation.address);
    setCode(invitation.code);
    setError(null);
    setTried(false);
  }, [invitation]);

  useEffect(() => {
    let live = true;
    void discover().then((hosts) => live && setFound(hosts ?? []));
    return () => {
      live = false;
    };
  }, []);

  const submit = async (event: FormEvent | null, fresh = false) => {
    event?.preventDefault();
    setError(null);
    setWaiting(false);
    // A link's whole fingerprint pins the host while the code still names that host; a code typed for another host drops it.
    const fingerprint = invitation && namesSameHost(code, invitation.code) ? invitation.fingerprint : undefined;
    const answer = await join({ code, address: address || undefined, ...(fingerprint ? { fingerprint } : {}), ...(fresh ? { fresh: true } : {}) });
    setTried(true);
    if (answer.error) return setError(answer.error);
    const status = answer.state?.status;
    if (status === "online") closeLive();
    else if (status === "connecting" || status === "offline") setWaiting(true);
  };

  const problem = error ?? (tried && denied ? denied.message : null);
  return (
    <Modal title={t("ui.live.join.title")} className="modal--live-join" onClose={closeLive}>
      <form className="live-join" onSubmit={(e) => void submit(e)}>
        <p>{t("ui.live.join.intro")}</p>
        {invitation ? (
          <p className="live-invitation" data-live-invitation>
            {t("ui.live.join.fromLink", { address: invitation.address })}
          </p>
        ) : null}
        <section className="live-found" aria-labelledby="live-found">
          <h3 id="live-found">{t("ui.live.join.found")}</h3>
          {found === null ? (
            <p className="muted" role="status">
              {t("ui.live.join.searching")}
            </p>
          ) : found.length === 0 ? (
            <p className="muted">{t("ui.live.join.none")}</p>
          ) : (
            <ul className="plain-list">
              {found.map((host) => (
                <li key={`${host.address}:${host.port}`}>
                  <button type="button" className="button button--small live-found-host" data-found={`${host.address}:${host.port}`} onClick={() => setAddress(`${host.address}:${host.port}`)}>
                    {t("ui.live.join.use", { name: host.name })} · {host.address}:{host.port}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
        <label className="form-field">
          <span>{t("ui.live.join.address")}</span>
          <input className="text-input" name="address" value={address} onChange={(e) => setAddress(e.target.value)} placeholder="192.168.1.20:8765" aria-describedby="live-join-address-hint" autoComplete="off" spellCheck={false} />
          <small id="live-join-address-hint" className="muted">
            {t("ui.live.join.addressHint")}
          </small>
        </label>
        <label className="form-field">
          <span>{t("ui.live.join.code")}</span>
          <input className="text-input live-code-input" name="code" value={code} onChange={(e) => setCode(e.target.value)} placeholder="XXXX-XXXX-XXXX-XXXX-XXXX-XXXX" autoComplete="off" spellCheck={false} data-autofocus required />
        </label>
        {problem ? (
          <p className="live-denied" role="alert" data-live-problem>
            {problem}
          </p>
        ) : waiting ? (
          <p className="live-warning" role="status">
            {t("ui.live.join.stillTrying")}
          </p>
        ) : null}
        <div className="modal-buttons">
          {denied?.reason === "unrelated_copy" ? (
            <button type="button" className="button" disabled={busy} onClick={() => void submit(null, true)}>
              {t("ui.live.join.fresh")}
            </button>
          ) : null}
          <button type="button" className="button" onClick={closeLive} disabled={busy}>
            {t("ui.live.join.cancel")}
          </button>
          <button type="submit" className="button button--primary" disabled={busy || !code.trim()}>
            {busy ? t("ui.live.join.joining") : t("ui.live.join.submit")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
