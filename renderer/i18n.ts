/** Hooks that give components the UI language and a translator bound to it. */
import { useCallback } from "react";
import { translate, type Language, type MessageKey } from "../src/i18n";
import type { ErrorParams } from "../src/domain/errors";
import { currentLanguage, useMatriz } from "./store";

export type Translate = (key: MessageKey, params?: ErrorParams) => string;

export function useLanguage(): Language {
  return useMatriz((state) => currentLanguage(state));
}

export function useT(): Translate {
  const language = useLanguage();
  return useCallback((key, params) => translate(language, key, params), [language]);
}

/** The user's locale for numbers and money (the system's, e.g. "es-GT"); the UI language until settings arrive. */
export function useNumberLocale(): string {
  return useMatriz((state) => state.settings?.locale ?? currentLanguage(state));
}
