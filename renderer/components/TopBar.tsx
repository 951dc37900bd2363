/** Brand, language switch and, with a plan open, the button that closes it. */
import { actions, useMatriz } from "../store";
import { useT } from "../i18n";
import { LanguageSwitch } from "./LanguageSwitch";

export function TopBar() {
  const t = useT();
  const planOpen = useMatriz((s) => s.plan !== null);
  return (
    <header className="top-bar" data-region="top">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          M
        </span>
        <span className="brand-name">{t("app.name")}</span>
        <span className="brand-tagline">{t("app.tagline")}</span>
      </div>
      <div className="top-bar-tools">
        <LanguageSwitch />
        {planOpen ? (
          <button type="button" className="button button--quiet" onClick={() => void actions.closePlan()}>
            {t("ui.close")}
          </button>
        ) : null}
      </div>
    </header>
  );
}
