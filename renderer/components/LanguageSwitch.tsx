/** es / en / system. The choice is stored by the core; the UI follows its answer and its settings-changed events. */
import type { Settings } from "../../src/api/contract";
import type { MessageKey } from "../../src/i18n";
import { useT } from "../i18n";
import { actions, useMatriz } from "../store";

const CHOICES: ReadonlyArray<{ value: Settings["language"]; label: MessageKey }> = [
  { value: "es", label: "language.es" },
  { value: "en", label: "language.en" },
  { value: "system", label: "ui.language.system" },
];

export function LanguageSwitch() {
  const t = useT();
  const chosen = useMatriz((s) => s.settings?.language);
  return (
    <div className="language-switch" role="group" aria-label={t("ui.language")}>
      <span className="language-switch-label" aria-hidden="true">
        {t("ui.language")}
      </span>
      {CHOICES.map((choice) => (
        <button
          key={choice.value}
          type="button"
          className="segment"
          aria-pressed={chosen === choice.value}
          lang={choice.value === "system" ? undefined : choice.value}
          onClick={() => void actions.setLanguage(choice.value)}
        >
          {t(choice.label)}
        </button>
      ))}
    </div>
  );
}
