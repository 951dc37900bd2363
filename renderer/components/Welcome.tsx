/** The first screen when no plan is open: the six 2017 examples, templates, recent plans, and "Open a plan…". */
import type { MessageKey } from "../../src/i18n";
import { TEMPLATES } from "../../src/domain/templates";
import { useLanguage, useT } from "../i18n";
import { actions, useMatriz } from "../store";
import { openRegional } from "./regional/RegionalView";
import { openJoin } from "./live/live-store";

export function Welcome() {
  const t = useT();
  return (
    <div className="welcome">
      <section className="welcome-intro">
        <h1>{t("ui.welcome.title")}</h1>
        <p>{t("ui.welcome.body")}</p>
        <div className="welcome-actions">
          <button type="button" className="button button--primary" onClick={() => void actions.openWithDialog()}>
            {t("ui.welcome.open")}
          </button>
          <button type="button" className="button" onClick={openRegional}>
            {t("ui.regional.open")}
          </button>
          <button type="button" className="button" onClick={openJoin}>
            {t("ui.welcome.join")}
          </button>
        </div>
      </section>
      <div className="welcome-columns">
        <Examples />
        <div className="welcome-side">
          <Templates />
          <Recent />
        </div>
      </div>
    </div>
  );
}

function Examples() {
  const t = useT();
  const language = useLanguage();
  const examples = useMatriz((s) => s.examples);
  return (
    <section className="welcome-section" aria-labelledby="welcome-examples">
      <h2 id="welcome-examples">{t("ui.welcome.examples")}</h2>
      <ul className="example-grid">
        {examples.map((example) => (
          <li key={example.id}>
            <button type="button" className="example-card" data-example={example.id} onClick={() => void actions.openExample(example.id)}>
              <span className="example-iso">{example.iso3}</span>
              <span className="example-country">{TEMPLATES[example.id].country?.[language] ?? example.country}</span>
              <span className="example-count">{t("ui.welcome.exampleActions", { count: example.actions })}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Templates() {
  const t = useT();
  const templates = useMatriz((s) => s.templates);
  return (
    <section className="welcome-section" aria-labelledby="welcome-templates">
      <h2 id="welcome-templates">{t("ui.welcome.templates")}</h2>
      <ul className="plain-list">
        {templates.map((template) => (
          <li key={template.id} className="list-row">
            <span className="list-row-text">{t(`template.${template.id}` as MessageKey)}</span>
            <button type="button" className="button" data-template={template.id} onClick={() => void actions.createFromTemplate(template.id)}>
              {t("ui.welcome.create")}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Recent() {
  const t = useT();
  const recent = useMatriz((s) => s.settings?.recent ?? []);
  return (
    <section className="welcome-section" aria-labelledby="welcome-recent">
      <h2 id="welcome-recent">{t("ui.welcome.recent")}</h2>
      {recent.length === 0 ? (
        <p className="muted">{t("ui.welcome.recentEmpty")}</p>
      ) : (
        <ul className="plain-list">
          {recent.map((file) => (
            <li key={file.handle}>
              <button type="button" className="recent-item" title={file.path} onClick={() => void actions.openRecent(file.handle)}>
                <span className="recent-name">{file.name}</span>
                <span className="recent-path">{file.path}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
