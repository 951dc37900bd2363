import fs from "node:fs";
import * as XLSX from "xlsx";

/** Where a row's column is, found by the hidden keys as an importer would. */
export function monitoringAddress(file: string, id: { action?: string; indicator?: string }, key: string): { sheet: string; cell: string } {
  const book = XLSX.read(fs.readFileSync(file), { type: "buffer" });
  const name = book.SheetNames.find((n) => book.Sheets[n]!["A1"]?.v === "pillar")!;
  const rows = XLSX.utils.sheet_to_json<string[]>(book.Sheets[name]!, { header: 1, defval: "" });
  const keys = rows[0]!.map(String);
  const r = rows.findIndex((row, i) => i >= 2 && (id.indicator ? row[keys.indexOf("indicator_id")] === id.indicator : row[keys.indexOf("action_id")] === id.action && !row[keys.indexOf("indicator_id")]));
  if (r < 0 || keys.indexOf(key) < 0) throw new Error(`no cell for ${JSON.stringify(id)} ${key}`);
  return { sheet: name, cell: XLSX.utils.encode_cell({ r, c: keys.indexOf(key) }) };
}
