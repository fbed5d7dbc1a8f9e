import { chartAltText } from '../../render/common/chart/chart-alt-text.ts';
import type { ChartInput, ChartSeries } from '../../render/common/chart/chart-input.ts';
import type { Locale } from '../../render/i18n/locale.ts';
import type { ChartSpec } from '../../runbook/binding/upkeep-schema.ts';
import {
  type FetchLike,
  PrometheusError,
  type PrometheusSource,
  queryRange,
  type RangeQuery,
} from './query-prometheus.ts';

/** The window a diagnose charts: the last 30 minutes, about 120 points per line. */
export const CHART_WINDOW_MS = 30 * 60_000;
const STEP_SECONDS = 15;

/** What a diagnose needs to draw charts: where the samples come from, and how to draw. */
export interface ChartDeps {
  /** Samples of a PromQL query over a range; null when no source is configured (no PROMETHEUS_URL). */
  query: ((range: RangeQuery) => Promise<ChartSeries[]>) | null;
  /** Said under each chart's title: where the samples came from (default: the query). */
  sourceLabel?: string;
  /** ChartInput -> PNG bytes (render/common/chart/chart-png.ts in production). */
  renderPng: (input: ChartInput) => Promise<Uint8Array>;
}

/** The production source: PROMETHEUS_URL's `query_range` through `fetch`. */
export function prometheusChartDeps(
  source: PrometheusSource | null,
  fetch: FetchLike,
  renderPng: ChartDeps['renderPng'],
): ChartDeps {
  return { query: source ? (range) => queryRange(source, range, fetch) : null, renderPng };
}

export interface ChartImage {
  filename: string;
  title: string;
  png: Uint8Array;
  /** Latest value and trend, for screen readers and as the image's description. */
  altText: string;
}

/**
 * The binding's charts for an incident: each query over the last 30 minutes, drawn with the
 * incident start marked. A chart that cannot be drawn never stops the others or the diagnose:
 * `note` says in one line what was missing (no PROMETHEUS_URL, unreachable, a query refused).
 */
export async function drawIncidentCharts(
  deps: ChartDeps,
  input: {
    charts: readonly ChartSpec[];
    now: number;
    incidentStartedAt: number;
    timeZone: string;
    locale: Locale;
    runbookId: string;
  },
): Promise<{ images: ChartImage[]; note: string | null }> {
  if (input.charts.length === 0) return { images: [], note: null };
  if (!deps.query) return { images: [], note: chartNote(input.locale, 'PROMETHEUS_URL is not set') };
  const from = input.now - CHART_WINDOW_MS;
  const images: ChartImage[] = [];
  const problems: string[] = [];
  for (const [index, chart] of input.charts.entries()) {
    try {
      const series = await deps.query({
        query: chart.query,
        start: from,
        end: input.now,
        stepSeconds: STEP_SECONDS,
      });
      const chartInput: ChartInput = {
        title: chart.title,
        subtitle: `${deps.sourceLabel ?? shorten(chart.query, 90)} · last 30 minutes (${input.timeZone})`,
        series,
        from,
        to: input.now,
        mark: {
          at: input.incidentStartedAt,
          label: `incident start ${clockTime(input.incidentStartedAt, input.timeZone)}`,
        },
        timeZone: input.timeZone,
      };
      images.push({
        filename: `${input.runbookId}-chart-${index + 1}.png`,
        title: chart.title,
        png: await deps.renderPng(chartInput),
        altText: chartAltText(chartInput),
      });
    } catch (error) {
      const reason = error instanceof PrometheusError ? error.message : 'the chart could not be drawn';
      // Prometheus down: one reason for every chart, said once
      if (error instanceof PrometheusError && /unreachable|did not answer|credentials/.test(reason)) {
        return { images, note: chartNote(input.locale, reason) };
      }
      problems.push(`${chart.title}: ${reason}`);
    }
  }
  return { images, note: problems.length > 0 ? chartNote(input.locale, problems.join('; ')) : null };
}

const NOTE: Readonly<Record<Locale, string>> = {
  en: 'Charts unavailable',
  'pt-BR': 'Gráficos indisponíveis',
  es: 'Gráficos no disponibles',
};

/** One line in the thread: the diagnose is complete, the charts are not. */
export function chartNote(locale: Locale, reason: string): string {
  return `📈 ${NOTE[locale] ?? NOTE.en}: ${shorten(reason, 400)}`;
}

function clockTime(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(at);
}

function shorten(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
