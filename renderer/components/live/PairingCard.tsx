/**
 * What lets a laptop in: the pairing code in large type, the host's address and
 * port, and a QR code carrying the join link (code and the certificate's whole
 * fingerprint). The QR arrives from the core as path data and is drawn here.
 */
import type { LiveState } from "../../../src/api/contract";
import { useT } from "../../i18n";

export function PairingCard({ hosting, large = false }: { hosting: NonNullable<LiveState["hosting"]>; large?: boolean }) {
  const t = useT();
  const quiet = 4;
  return (
    <div className={large ? "pairing-card pairing-card--large" : "pairing-card"} data-pairing>
      <div className="pairing-text">
        <p className="pairing-label">{t("ui.live.code")}</p>
        <p className="pairing-code" data-code={hosting.code}>
          {hosting.code}
        </p>
        <p className="pairing-label">{t("ui.live.address")}</p>
        {hosting.addresses.length ? (
          <ul className="pairing-addresses plain-list">
            {hosting.addresses.map((address) => (
              <li key={address} className="pairing-address" data-address={`${address}:${hosting.port}`}>
                {address}:{hosting.port}
              </li>
            ))}
          </ul>
        ) : (
          <p className="pairing-no-address">{t("ui.live.noAddress")}</p>
        )}
        <p className="pairing-hint">{t("ui.live.codeHint")}</p>
      </div>
      {hosting.qr ? (
        <svg
          className="pairing-qr"
          role="img"
          aria-label={t("ui.live.qr")}
          viewBox={`${-quiet} ${-quiet} ${hosting.qr.size + 2 * quiet} ${hosting.qr.size + 2 * quiet}`}
          shapeRendering="crispEdges"
        >
          <rect x={-quiet} y={-quiet} width={hosting.qr.size + 2 * quiet} height={hosting.qr.size + 2 * quiet} fill="#fff" />
          <path d={hosting.qr.path} fill="#000" />
        </svg>
      ) : null}
    </div>
  );
}
