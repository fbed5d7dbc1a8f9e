import type { ChartInput } from './chart-input.ts';
import { formatValue, niceTicks } from './chart-scale.ts';

export const CHART_WIDTH = 900;
export const CHART_HEIGHT = 420;

/**
 * Colours chosen for an opaque white card, so the chart reads the same in Slack's light and dark
 * themes: near-black text, lines with a contrast of at least 4.5:1 against white.
 */
const INK = '#1d1c1d';
const MUTED = '#4a4a4a';
const GRID = '#dddddd';
const BACKGROUND = '#ffffff';
const MARK = '#b3261e';
const LINES = ['#0b5cad', '#b35900', '#1a7f37', '#8250df', '#a40e26', '#006b75'];
const FONT = 'DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif';
const MAX_LEGEND = 6;

const PLOT = { left: 72, right: 36, top: 88, bottom: 48 };

/**
 * A line chart as an SVG document (no browser, no canvas): title, optional subtitle, legend, grid,
 * y axis with round values, x axis with clock times, one line per series (broken where data is
 * missing), and a dashed vertical mark (the incident start). Pure: the same input, the same SVG.
 */
export function renderChartSvg(input: ChartInput): string {
  const width = CHART_WIDTH;
  const height = CHART_HEIGHT;
  const plot = {
    x: PLOT.left,
    y: PLOT.top,
    w: width - PLOT.left - PLOT.right,
    h: height - PLOT.top - PLOT.bottom,
  };
  const values = input.series
    .flatMap((series) => series.points.map(([, value]) => value))
    .filter(Number.isFinite);
  const scale = niceTicks(values.length ? Math.min(...values) : 0, values.length ? Math.max(...values) : 1);
  const span = Math.max(1, input.to - input.from);
  const x = (at: number) => plot.x + ((at - input.from) / span) * plot.w;
  const y = (value: number) => plot.y + plot.h - ((value - scale.min) / (scale.max - scale.min)) * plot.h;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}">`,
    `<rect x="0" y="0" width="${width}" height="${height}" rx="8" fill="${BACKGROUND}"/>`,
    text(PLOT.left, 30, input.title, { size: 20, weight: 'bold', fill: INK }),
  ];
  if (input.subtitle) parts.push(text(PLOT.left, 50, input.subtitle, { size: 13, fill: MUTED }));

  // grid and y axis
  for (const tick of scale.ticks) {
    const at = fixed(y(tick));
    parts.push(
      `<line x1="${plot.x}" y1="${at}" x2="${plot.x + plot.w}" y2="${at}" stroke="${GRID}" stroke-width="1"/>`,
    );
    parts.push(text(plot.x - 8, at + 4, formatValue(tick), { size: 13, fill: MUTED, anchor: 'end' }));
  }
  // x axis: a clock time every 5 minutes (or a fitting step for other windows)
  const stepMs = timeStep(span);
  const clock = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: input.timeZone ?? 'UTC',
  });
  for (let at = Math.ceil(input.from / stepMs) * stepMs; at <= input.to; at += stepMs) {
    const px = fixed(x(at));
    parts.push(
      `<line x1="${px}" y1="${plot.y + plot.h}" x2="${px}" y2="${plot.y + plot.h + 5}" stroke="${MUTED}"/>`,
    );
    parts.push(text(px, plot.y + plot.h + 22, clock.format(at), { size: 13, fill: MUTED, anchor: 'middle' }));
  }
  parts.push(
    `<line x1="${plot.x}" y1="${plot.y + plot.h}" x2="${plot.x + plot.w}" y2="${plot.y + plot.h}" stroke="${MUTED}" stroke-width="1.5"/>`,
  );

  // the mark (incident start), drawn under the lines
  if (input.mark && input.mark.at >= input.from && input.mark.at <= input.to) {
    const px = fixed(x(input.mark.at));
    parts.push(
      `<line x1="${px}" y1="${plot.y - 4}" x2="${px}" y2="${plot.y + plot.h}" stroke="${MARK}" stroke-width="2" stroke-dasharray="6 4"/>`,
    );
    const anchor = px > plot.x + plot.w * 0.75 ? 'end' : 'start';
    parts.push(
      text(anchor === 'end' ? px - 6 : px + 6, plot.y + 8, input.mark.label, {
        size: 13,
        weight: 'bold',
        fill: MARK,
        anchor,
        // a white halo keeps the label readable where a line crosses it
        halo: true,
      }),
    );
  }

  // the lines
  input.series.forEach((series, index) => {
    const colour = LINES[index % LINES.length];
    const expectedGap = medianGap(series.points.map(([at]) => at));
    for (const run of splitAtGaps(series.points, expectedGap * 2.5)) {
      if (run.length === 1) {
        const [at, value] = run[0]!;
        parts.push(`<circle cx="${fixed(x(at))}" cy="${fixed(y(value))}" r="3" fill="${colour}"/>`);
        continue;
      }
      const path = run
        .map(([at, value], i) => `${i === 0 ? 'M' : 'L'}${fixed(x(at))} ${fixed(y(value))}`)
        .join(' ');
      parts.push(
        `<path d="${path}" fill="none" stroke="${colour}" stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>`,
      );
    }
  });

  if (values.length === 0)
    parts.push(
      text(plot.x + plot.w / 2, plot.y + plot.h / 2, 'no data in this window', {
        size: 16,
        fill: MUTED,
        anchor: 'middle',
      }),
    );

  // legend (only when there is more than one line to tell apart)
  if (input.series.length > 1) {
    let lx = plot.x;
    const ly = input.subtitle ? 68 : 56;
    input.series.slice(0, MAX_LEGEND).forEach((series, index) => {
      const label = clip(series.name, 40);
      parts.push(
        `<rect x="${lx}" y="${ly - 9}" width="14" height="4" fill="${LINES[index % LINES.length]}"/>`,
      );
      parts.push(text(lx + 20, ly - 3, label, { size: 12, fill: INK }));
      lx += 20 + label.length * 7 + 18;
    });
    if (input.series.length > MAX_LEGEND)
      parts.push(text(lx, ly - 3, `+${input.series.length - MAX_LEGEND} more`, { size: 12, fill: MUTED }));
  }
  parts.push('</svg>');
  return parts.join('\n');
}

function text(
  x: number,
  y: number,
  content: string,
  style: { size: number; fill: string; weight?: 'bold'; anchor?: 'start' | 'middle' | 'end'; halo?: boolean },
): string {
  const halo = style.halo ? ` stroke="${BACKGROUND}" stroke-width="4" paint-order="stroke"` : '';
  const weight = style.weight ? ` font-weight="${style.weight}"` : '';
  const anchor = style.anchor && style.anchor !== 'start' ? ` text-anchor="${style.anchor}"` : '';
  return `<text x="${fixed(x)}" y="${fixed(y)}" font-size="${style.size}" fill="${style.fill}"${halo}${weight}${anchor}>${escapeXml(clip(content, 110))}</text>`;
}

export function escapeXml(value: string): string {
  return (
    value
      // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters, so they are removed
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}

function clip(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

function fixed(value: number): number {
  return Math.round(value * 10) / 10;
}

function timeStep(spanMs: number): number {
  const minute = 60_000;
  for (const step of [minute, 2 * minute, 5 * minute, 10 * minute, 15 * minute, 30 * minute, 60 * minute])
    if (spanMs / step <= 8) return step;
  return Math.ceil(spanMs / 8 / (60 * minute)) * 60 * minute;
}

function medianGap(times: readonly number[]): number {
  if (times.length < 2) return Number.POSITIVE_INFINITY;
  const gaps = times
    .slice(1)
    .map((at, i) => at - times[i]!)
    .sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)]!;
}

/** Consecutive points without a hole (a gap much longer than usual, or a NaN) belong to one line. */
function splitAtGaps(
  points: readonly (readonly [number, number])[],
  maxGap: number,
): (readonly [number, number])[][] {
  const runs: (readonly [number, number])[][] = [];
  let current: (readonly [number, number])[] = [];
  let previous: number | null = null;
  for (const point of points) {
    if (!Number.isFinite(point[1])) {
      if (current.length) runs.push(current);
      current = [];
      previous = null;
      continue;
    }
    if (previous !== null && point[0] - previous > maxGap && current.length) {
      runs.push(current);
      current = [];
    }
    current.push(point);
    previous = point[0];
  }
  if (current.length) runs.push(current);
  return runs;
}
