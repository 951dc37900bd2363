/** `matriz templates`: the template ids, with their country and shape. Needs nothing heavier than the template list. */
import { TEMPLATES, TEMPLATE_IDS } from "../domain/templates";
import { EXIT, type CliCommand } from "./context";

export const templatesCommand: CliCommand = (ctx) => {
  if (ctx.args.length) throw ctx.usage("cli.usage.unexpected", { argument: ctx.args[0]! });
  for (const id of TEMPLATE_IDS) {
    const template = TEMPLATES[id];
    ctx.io.out(
      ctx.say("cli.templates.line", {
        id,
        country: template.country?.[ctx.lang] ?? ctx.say("cli.templates.blank"),
        pillars: template.pillars.length,
        profiles: template.profiles.length,
      }),
    );
  }
  return EXIT.ok;
};
