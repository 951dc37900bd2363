/**
 * The user's preferences (language, name, recent plans), kept in one small JSON
 * file in the app's data folder and replaced atomically so a crash never leaves
 * it half written. A damaged settings file falls back to defaults.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { languageFromLocale, type Language } from "../i18n";

const MAX_RECENT = 10;

const storedSchema = z.object({
  language: z.enum(["system", "es", "en"]).catch("system"),
  userName: z.string().min(1).catch(""),
  recent: z.array(z.string()).catch([]),
  examplesOffered: z.boolean().catch(false),
});
export type StoredSettings = z.infer<typeof storedSchema>;

export class SettingsStore {
  private data: StoredSettings;
  constructor(
    private readonly file: string,
    private readonly systemLocale: string,
    private readonly defaultUserName: string,
  ) {
    this.data = this.load();
  }

  private load(): StoredSettings {
    try {
      return storedSchema.parse(JSON.parse(fs.readFileSync(this.file, "utf8")));
    } catch {
      return { language: "system", userName: "", recent: [], examplesOffered: false };
    }
  }

  private save(): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(this.data, null, 2));
    fs.renameSync(temp, this.file);
  }

  get language(): Language {
    return this.data.language === "system" ? languageFromLocale(this.systemLocale) : this.data.language;
  }

  get userName(): string {
    return this.data.userName || this.defaultUserName;
  }

  get examplesOffered(): boolean {
    return this.data.examplesOffered;
  }

  markExamplesOffered(): void {
    this.data.examplesOffered = true;
    this.save();
  }

  snapshot() {
    return {
      language: this.data.language,
      resolvedLanguage: this.language,
      locale: this.systemLocale,
      userName: this.userName,
      recent: this.data.recent.filter((p) => fs.existsSync(p)),
    };
  }

  update(change: { language?: "system" | "es" | "en"; userName?: string }) {
    if (change.language) this.data.language = change.language;
    if (change.userName) this.data.userName = change.userName;
    this.save();
    return this.snapshot();
  }

  addRecent(filePath: string) {
    this.data.recent = [filePath, ...this.data.recent.filter((p) => p !== filePath)].slice(0, MAX_RECENT);
    this.save();
  }

  clearRecent() {
    this.data.recent = [];
    this.save();
    return this.snapshot();
  }
}
