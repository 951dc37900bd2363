/** `matriz new` and `matriz show`: making a plan file and printing one. */
import path from "node:path";
import { createPlanFromDocument, readDocumentFile, requireTemplate, templateDocument } from "../app/plans";
import { encodeChangeLabel } from "../domain/change-labels";
import { isMatrizError } from "../domain/errors";
import { tsvCell } from "../domain/safe-text";
import { PlanStore } from "../storage/plan-store";
import { EXIT, requireOne, type CliCommand } from "./context";

export const newCommand: CliCommand = (ctx) => {
  const target = ctx.resolve(requireOne(ctx, "cli.usage.missingPlan"));
  if (!target.toLowerCase().endsWith(".matriz")) throw ctx.usage("cli.usage.extension", { extensions: ".matriz", path: target });
  const who = { author: ctx.author(), source: "cli" as const };
  const fromJson = ctx.values["from-json"];
  if (Boolean(ctx.values.template) === Boolean(fromJson)) throw ctx.usage("cli.usage.newSource");
  let store: PlanStore;
  if (fromJson) {
    const source = ctx.resolve(fromJson);
    const doc = readDocumentFile(source, ctx.lang);
    try {
      store = createPlanFromDocument(target, doc, who, {
        overwrite: ctx.values.force,
        language: doc.language ?? "en",
        label: encodeChangeLabel({ label: "plan.fromFile", file: path.basename(source) }),
      });
    } catch (error) {
      // A rule the document breaks (a lead not among the institutions, say) names the JSON file.
      if (isMatrizError(error) && error.code === "document_rule") error.params.path = source;
      throw error;
    }
  } else {
    const templateId = requireTemplate(ctx.values.template!);
    // The plan's language: --lang when given, else the language of this run.
    const doc = templateDocument(templateId, { language: ctx.lang, title: ctx.values.title, country: ctx.values.country });
    store = createPlanFromDocument(target, doc, who, { overwrite: ctx.values.force, label: encodeChangeLabel({ label: "plan.fromTemplate", template: templateId }) });
  }
  const info = store.info();
  store.close();
  ctx.io.out(ctx.say("cli.new.created", { path: tsvCell(info.path), country: tsvCell(info.country), ...info.counts }));
  return EXIT.ok;
};

export const showCommand: CliCommand = (ctx) => {
  const target = ctx.resolve(requireOne(ctx, "cli.usage.missingPlan"));
  if (!ctx.values.json) throw ctx.usage("cli.usage.showJson");
  const store = PlanStore.open(target);
  try {
    ctx.io.out(JSON.stringify(store.document(), null, 2));
  } finally {
    store.close();
  }
  return EXIT.ok;
};
