import type { ChartInput, ChartSeries } from './chart-input.ts';
import { formatValue } from './chart-scale.ts';

/** Rising, falling or steady, from the first to the last value of the window. */
export function trendOf(series: ChartSeries): 'rising' | 'falling' | 'steady' | null {
  const values = series.points.map(([, value]) => value).filter(Number.isFinite);
  const first = values[0];
  const last = values.at(-1);
  if (first === undefined || last === undefined) return null;
  const range = Math.max(...values) - Math.min(...values);
  const scale = Math.max(Math.abs(first), Math.abs(last), range);
  const delta = last - first;
  if (scale === 0 || Math.abs(delta) <= 0.05 * scale) return 'steady';
  return delta > 0 ? 'rising' : 'falling';
}

/**
 * What a screen reader (and a person on a slow link) is told: the chart's title, then per series
 * (at most three) its latest value and trend over the window.
 */
export function chartAltText(input: ChartInput): string {
  const minutes = Math.round((input.to - input.from) / 60_000);
  const withData = input.series.filter((series) => series.points.length > 0);
  if (withData.length === 0) return `${input.title}: no data in the last ${minutes} minutes.`;
  const parts = withData.slice(0, 3).map((series) => {
    const latest = series.points.at(-1)?.[1] ?? Number.NaN;
    const name = withData.length > 1 ? `${series.name}: ` : '';
    return `${name}latest ${formatValue(latest)}, ${trendOf(series)} over the last ${minutes} minutes`;
  });
  const more = withData.length > 3 ? ` (and ${withData.length - 3} more series)` : '';
  return `${input.title}: ${parts.join('; ')}${more}.`;
}
