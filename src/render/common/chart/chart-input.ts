/** One line of a chart: its name (the legend) and its points, time in ms since the epoch. */
export interface ChartSeries {
  name: string;
  points: readonly (readonly [number, number])[];
}

/** What a chart shows: a time window, its series, and optionally a moment marked (the incident start). */
export interface ChartInput {
  title: string;
  series: readonly ChartSeries[];
  from: number;
  to: number;
  /** A vertical line with its label, e.g. the incident start. */
  mark?: { at: number; label: string };
  /** IANA zone for the clock times on the axis (default UTC). */
  timeZone?: string;
  /** A line under the title (where the data came from). */
  subtitle?: string;
}
