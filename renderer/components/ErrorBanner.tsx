/** Failures the core reported, in the user's language, each closable on its own. */
import { useT } from "../i18n";
import { dismissError, useMatriz } from "../store";

export function ErrorBanner() {
  const t = useT();
  const errors = useMatriz((s) => s.errors);
  if (errors.length === 0) return null;
  return (
    <div className="error-banner" role="alert" data-region="errors">
      {errors.map((error) => (
        <div key={error.id} className="error-item" data-code={error.code}>
          <div className="error-text">
            <strong className="error-title">{t("ui.error.title")}</strong>
            <span className="error-message">{error.message}</span>
          </div>
          <button type="button" className="button button--on-dark" onClick={() => dismissError(error.id)}>
            {t("ui.error.dismiss")}
          </button>
        </div>
      ))}
    </div>
  );
}
