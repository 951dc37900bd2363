/**
 * Monitoring in the open data: IATI 2.03 <result> elements with baseline,
 * target and actual per period, <activity-status> and the focal point as
 * <contact-info>, valid against the standard's schema (xmllint); HXL status and
 * indicator columns with their hashtags, the amounts still adding up.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { planToHxlCsv } from "../../src/opendata/hxl";
import { planToIatiXml } from "../../src/opendata/iati";
import { parseCsv } from "../helpers/csv";
import { tempDir } from "../helpers/temp";
import { monitoringPlan } from "./fixture";

const SCHEMA = "/work/shared/standards/iati-2.03/iati-activities-schema.xsd";

function document() {
  const { store } = monitoringPlan();
  const doc = store.document();
  store.close();
  return doc;
}

function activity(xml: string, actionId: string): string {
  return xml.split("<iati-activity ").find((a) => a.includes(`-${actionId}</iati-identifier>`))!;
}

describe("IATI with monitoring", () => {
  it("is valid against the IATI 2.03 schema with results, statuses and contacts", () => {
    const file = path.join(tempDir(), "iati.xml");
    fs.writeFileSync(file, planToIatiXml(document(), new Date("2019-01-31T00:00:00Z")));
    expect(execFileSync("xmllint", ["--noout", "--schema", SCHEMA, file], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })).toBe("");
  });

  it("says each indicator's baseline, and its target and value reached per period, with the breakdown as dimensions", () => {
    const train = activity(planToIatiXml(document()), "act-train");
    expect(train).toContain('<activity-status code="2"/>');
    expect(train).toContain('<baseline year="2017" value="0"/>');
    const period2018 = train.slice(train.indexOf('<period-start iso-date="2018-01-01"/>'), train.indexOf("</period>"));
    expect(period2018).toContain('<period-end iso-date="2018-12-31"/>');
    expect(period2018).toContain('<target value="120"/>');
    expect(period2018).toContain('<actual value="60"><comment><narrative>Talleres de junio y septiembre · Fuente: Listas de asistencia</narrative></comment></actual>');
    expect(period2018).toContain('<actual value="35"><dimension name="sex" value="female"/></actual>');
    expect(period2018).toContain('<actual value="20"><dimension name="age" value="18-29"/></actual>');
    // 2019 has a target and nothing reached yet.
    expect(train).toMatch(/<period-start iso-date="2019-01-01"\/>\s*<period-end iso-date="2019-12-31"\/>\s*<target value="60"\/>\s*<\/period>/);
  });

  it("gives a need with indicators its own activity, parent of its actions, with the need's results and no budget", () => {
    const xml = planToIatiXml(document());
    const need = activity(xml, "need-identify");
    expect(need).toMatch(/^last-updated-datetime="[^"]+" xml:lang="es" default-currency="GTQ" hierarchy="1">/);
    expect(need).toContain("<title><narrative>Identificar a las personas con necesidad de protección</narrative></title>");
    expect(need).toContain('<participating-org role="4"><narrative>IGM</narrative></participating-org>');
    // Under way: one of its actions is in progress.
    expect(need).toContain('<activity-status code="2"/>');
    expect(need).not.toContain("<budget");
    expect(need).toContain('<related-activity ref="XM-MIRPS-GTM-act-train" type="2"/>');
    expect(need).toContain("<title><narrative>Personas referidas a la CONARE (personas)</narrative></title>");
    expect(need).toContain('<baseline year="2017" value="40"/>');
    expect(need).toMatch(/<period-start iso-date="2018-01-01"\/>\s*<period-end iso-date="2018-12-31"\/>\s*<target value="200"\/>\s*<actual value="150"><comment><narrative>Datos de la CONARE · Fuente: Informe CONARE 2018<\/narrative><\/comment><\/actual>/);
    // Its actions point back to it, and do not repeat its indicator: it is reported once.
    const train = activity(xml, "act-train");
    expect(train).toMatch(/ hierarchy="2">/);
    expect(train).toContain('<related-activity ref="XM-MIRPS-GTM-need-identify" type="1"/>');
    expect(train).not.toContain("Personas referidas a la CONARE");
    expect(xml.match(/Personas referidas a la CONARE \(personas\)/g)).toHaveLength(1);
    // A need without indicators of its own has no activity; its actions stand alone.
    expect(xml).not.toContain("-need-school</iati-identifier>");
    expect(activity(xml, "act-school")).not.toContain("hierarchy=");
  });

  it("names the lead's focal point as the contact, where the directory has one", () => {
    const xml = planToIatiXml(document());
    expect(activity(xml, "act-train")).toContain(
      '<contact-info type="1">\n      <organisation><narrative>Instituto Guatemalteco de Migración</narrative></organisation>\n      <person-name><narrative>Rosa Pérez</narrative></person-name>\n      <telephone>+502 2411 2411</telephone>\n      <email>rperez@igm.gob.gt</email>\n    </contact-info>',
    );
    // SBS leads the offices, without a focal point: IGM's is given.
    expect(activity(xml, "act-offices")).toContain("<person-name><narrative>Rosa Pérez</narrative></person-name>");
    expect(activity(xml, "act-school")).not.toContain("<contact-info");
    expect(activity(xml, "act-cancelled")).toContain('<activity-status code="5"/>');
  });
});

describe("HXL with monitoring", () => {
  const rows = () => parseCsv(planToHxlCsv(document()));

  it("adds status and indicator columns with their hashtags", () => {
    const [headings, tags] = rows();
    expect(headings!.slice(-9)).toEqual(["Status", "Status date", "Indicator", "Indicator unit", "Baseline year", "Baseline", "Reporting period", "Target", "Value reached"]);
    expect(tags!.slice(-9)).toEqual(["#status", "#date+status", "#indicator+name", "#indicator+unit", "#date+year+baseline", "#indicator+value+baseline", "#date+period", "#indicator+value+target", "#indicator+value+reached"]);
  });

  it("writes one row per indicator and period beside the budget rows, so the amounts still add up", () => {
    const all = rows();
    const tags = all[1]!;
    const col = (tag: string) => tags.indexOf(tag);
    const data = all.slice(2);
    const indicatorRows = data.filter((r) => r[col("#indicator+name")]);
    // referrals 2018, 2019 · delegates 2018, 2019 · protocol 2018 · enrolled 2018
    expect(indicatorRows.map((r) => [r[col("#indicator+name")], r[col("#date+period")], r[col("#indicator+value+target")], r[col("#indicator+value+reached")]])).toEqual([
      ["Delegados capacitados", "2018", "120", "60"],
      ["Delegados capacitados", "2019", "60", ""],
      ["Protocolo aprobado", "2018", "1", "1"],
      ["Niñas y niños inscritos", "2018", "0", ""],
      ["Personas referidas a la CONARE", "2018", "200", "150"],
      ["Personas referidas a la CONARE", "2019", "300", ""],
    ]);
    expect(indicatorRows.every((r) => r[col("#value+budget")] === "")).toBe(true);
    const budget = data.reduce((sum, r) => sum + Number(r[col("#value+budget")] || 0), 0);
    expect(budget).toBe(100000 + 50000 + 20000);
    expect(data.find((r) => r[col("#activity+code")] === "act-train")![col("#status")]).toBe("in_progress");
    expect(data.find((r) => r[col("#activity+code")] === "act-train")![col("#date+status")]).toBe("2018-09-30");
  });
});
