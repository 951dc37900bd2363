/**
 * A horizontal bar chart as standalone SVG text, for the printed reports: one
 * bar per category, stacked by series (statuses) or single. Every value is also
 * printed as a number, and the report puts the same figures in a table beside it.
 */
export interface SvgSeries {
  label: string;
  values: readonly number[];
  color: string;
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const short = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function svgBars(options: { title: string; categories: readonly string[]; series: readonly SvgSeries[]; format: (n: number) => string; width?: number; max?: number }): string {
  const width = options.width ?? 680;
  const labelWidth = 220;
  const valueSpace = 70;
  const bar = 16;
  const gap = 8;
  const legend = options.series.length > 1 ? 22 : 0;
  const top = 26 + legend;
  const height = top + options.categories.length * (bar + gap) + 6;
  const totals = options.categories.map((_, c) => options.series.reduce((sum, s) => sum + Math.max(0, s.values[c] ?? 0), 0));
  const max = Math.max(1, options.max ?? 0, ...totals);
  const scale = (width - labelWidth - valueSpace) / max;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="10" role="img" aria-label="${escape(options.title)}">`,
    `<title>${escape(options.title)}</title>`,
    `<text x="0" y="14" font-size="12" font-weight="bold" fill="#0b3a66">${escape(options.title)}</text>`,
  ];
  if (legend) {
    // Each key as wide as its words (about 6 px a character at this size), so "del 50 % al 99 %" is not cut.
    let x = labelWidth;
    for (const s of options.series) {
      const label = short(s.label, 24);
      parts.push(`<rect x="${x}" y="24" width="10" height="10" fill="${s.color}"/><text x="${x + 14}" y="33" fill="#222">${escape(label)}</text>`);
      x += Math.max(92, 14 + label.length * 6 + 12);
    }
  }
  options.categories.forEach((category, c) => {
    const y = top + c * (bar + gap);
    parts.push(`<text x="${labelWidth - 6}" y="${y + bar - 4}" text-anchor="end" fill="#222">${escape(short(category, 38))}</text>`);
    let x = labelWidth;
    for (const s of options.series) {
      const value = Math.max(0, s.values[c] ?? 0);
      const w = value * scale;
      if (w > 0) parts.push(`<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${bar}" fill="${s.color}"><title>${escape(`${category} · ${s.label}: ${options.format(value)}`)}</title></rect>`);
      x += w;
    }
    const shown = options.series.length === 1 ? (options.series[0]!.values[c] ?? 0) : totals[c]!;
    parts.push(`<text x="${(x + 4).toFixed(1)}" y="${y + bar - 4}" fill="#333">${escape(options.format(shown))}</text>`);
  });
  parts.push(`<line x1="${labelWidth}" x2="${labelWidth}" y1="${top - 2}" y2="${height - 4}" stroke="#888"/>`);
  parts.push("</svg>");
  return parts.join("");
}

/** The statuses' colours, the same in the app's badges and the printed charts. */
export const STATUS_COLORS: Record<string, string> = {
  planned: "#8a96a3",
  in_progress: "#1f6fd1",
  done: "#2e7d32",
  delayed: "#c2410c",
  cancelled: "#5b5b5b",
};
