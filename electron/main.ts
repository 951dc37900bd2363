/** Entry point of the main process (built to out/main/index.js). */
import { app, dialog } from "electron";
import { toApiError } from "../src/api/dispatch";
import { languageFromLocale, translate } from "../src/i18n";
import { startShell } from "./shell";

startShell().catch((error: unknown) => {
  // Nothing else can report a failed start: the window may not exist yet.
  const language = languageFromLocale(app.getLocale());
  dialog.showErrorBox(translate(language, "dialog.error.title"), toApiError(error, language).message);
  app.exit(1);
});
