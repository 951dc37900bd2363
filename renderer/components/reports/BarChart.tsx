/**
 * A hand-built horizontal grouped bar chart in SVG, with its data table under it
 * and buttons that download the chart as a standalone SVG or a PNG. Styles are
 * presentation attributes on the elements, so the serialized file renders alone.
 */
import { useRef } from "react";
import { useT } from "../../i18n";

export interface ChartSeries {
  label: string;
  values: readonly number[];
}

export interface BarChartProps {
  id: string;
  title: string;
  categories: readonly string[];
  series: readonly ChartSeries[];
  format: (value: number) => string;
  /** Whether the table gets a per-row total column (only for amounts in one currency). */
  totals?: boolean;
}

const COLORS = ["#1f5f99", "#e08a1e", "#4f9a55", "#a23b72", "#6c5ba7", "#2a9d8f", "#8c6d31", "#c44536"];
const WIDTH = 760;
const LABEL_WIDTH = 230;
const VALUE_SPACE = 120;
const BAR = 16;
const GAP = 10;
const TOP = 34;
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

/** The downloaded file is named after the chart's title in the UI language: "funded-and-to-be-mobilised-usd". */
const fileNameFor = (title: string) =>
  title
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

const short = (text: string, max = 34) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function download(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.style.display = "none";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function serializeSvg(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

export function BarChart({ id, title, categories, series, format, totals }: BarChartProps) {
  const fileName = fileNameFor(title);
  const t = useT();
  const svgRef = useRef<SVGSVGElement>(null);
  const max = Math.max(1, ...series.flatMap((s) => s.values.map((v) => Math.abs(v))));
  const group = series.length * BAR + GAP;
  const legendHeight = series.length > 1 ? 22 : 0;
  const height = TOP + legendHeight + categories.length * group + 8;
  const scale = (WIDTH - LABEL_WIDTH - VALUE_SPACE) / max;
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const desc = t("ui.summary.chartDesc", { title });

  const saveSvg = () => {
    if (svgRef.current) download(new Blob([serializeSvg(svgRef.current)], { type: "image/svg+xml" }), `${fileName}.svg`);
  };
  const savePng = () => {
    if (!svgRef.current) return;
    const text = serializeSvg(svgRef.current);
    const image = new Image();
    image.onload = () => {
      const ratio = 2;
      const canvas = document.createElement("canvas");
      canvas.width = WIDTH * ratio;
      canvas.height = height * ratio;
      const context = canvas.getContext("2d");
      if (!context) return;
      context.scale(ratio, ratio);
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, WIDTH, height);
      context.drawImage(image, 0, 0, WIDTH, height);
      canvas.toBlob((blob) => blob && download(blob, `${fileName}.png`), "image/png");
    };
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  };

  return (
    <figure className="summary-chart" id={id}>
      <div className="summary-chart-head">
        <h3 className="summary-chart-title">{title}</h3>
        <div className="summary-chart-actions">
          <button type="button" className="button" aria-label={t("ui.summary.downloadSvg", { title })} onClick={saveSvg}>
            {t("ui.summary.svg")}
          </button>
          <button type="button" className="button" aria-label={t("ui.summary.downloadPng", { title })} onClick={savePng}>
            {t("ui.summary.png")}
          </button>
        </div>
      </div>
      <svg
        ref={svgRef}
        xmlns="http://www.w3.org/2000/svg"
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        width={WIDTH}
        height={height}
        viewBox={`0 0 ${WIDTH} ${height}`}
        fontFamily={FONT}
        fontSize={12}
        className="summary-chart-svg"
      >
        <title id={titleId}>{title}</title>
        <desc id={descId}>{desc}</desc>
        <rect x={0} y={0} width={WIDTH} height={height} fill="#ffffff" />
        <text x={8} y={20} fontSize={14} fontWeight={600} fill="#1d2733">
          {title}
        </text>
        {series.length > 1 &&
          series.map((s, i) => (
            <g key={s.label} transform={`translate(${LABEL_WIDTH + i * 110}, ${TOP})`}>
              <rect width={12} height={12} fill={COLORS[i % COLORS.length]} />
              <text x={16} y={10} fill="#1d2733">
                {short(s.label, 14)}
              </text>
            </g>
          ))}
        {categories.map((category, c) => {
          const y0 = TOP + legendHeight + c * group;
          return (
            <g key={`${category}-${c}`}>
              <text x={LABEL_WIDTH - 8} y={y0 + (series.length * BAR) / 2 + 4} textAnchor="end" fill="#1d2733">
                <title>{category}</title>
                {short(category)}
              </text>
              {series.map((s, i) => {
                const value = s.values[c] ?? 0;
                const w = Math.max(value ? 1 : 0, Math.abs(value) * scale);
                const y = y0 + i * BAR;
                return (
                  <g key={s.label}>
                    <rect x={LABEL_WIDTH} y={y + 1} width={w} height={BAR - 2} fill={COLORS[i % COLORS.length]}>
                      <title>{`${category} · ${s.label}: ${format(value)}`}</title>
                    </rect>
                    <text x={LABEL_WIDTH + w + 4} y={y + BAR - 4} fontSize={11} fill="#3b4754">
                      {format(value)}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
        <line x1={LABEL_WIDTH} x2={LABEL_WIDTH} y1={TOP + legendHeight} y2={height - 8} stroke="#8894a0" strokeWidth={1} />
      </svg>
      <table className="summary-table">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t("ui.summary.category")}</th>
            {series.map((s) => (
              <th scope="col" key={s.label} className="num">
                {s.label}
              </th>
            ))}
            {totals && series.length > 1 && (
              <th scope="col" className="num">
                {t("ui.summary.total")}
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {categories.map((category, c) => (
            <tr key={`${category}-${c}`}>
              <th scope="row">{category}</th>
              {series.map((s) => (
                <td key={s.label} className="num">
                  {format(s.values[c] ?? 0)}
                </td>
              ))}
              {totals && series.length > 1 && <td className="num">{format(series.reduce((n, s) => n + (s.values[c] ?? 0), 0))}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
