import { describe, expect, it } from 'vitest';
import { chartAltText, trendOf } from '../../src/render/common/chart/chart-alt-text.ts';
import { formatValue, niceTicks } from '../../src/render/common/chart/chart-scale.ts';
import { renderChartSvg } from '../../src/render/common/chart/chart-svg.ts';

const from = Date.UTC(2026, 11, 2, 7, 0);
const to = from + 30 * 60_000;
const line = (values: number[]) => values.map((value, i) => [from + i * 60_000, value] as const);

describe('chart SVG', () => {
  it('draws an opaque card with the title, round y ticks, clock times and the marked start', () => {
    const svg = renderChartSvg({
      title: 'Lag <api> & "workers"',
      series: [{ name: 'api', points: line([0.1, 0.2, 2.4]) }],
      from,
      to,
      mark: { at: from + 60_000, label: 'incident start 07:01' },
      timeZone: 'America/Sao_Paulo',
    });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="900" height="420"/);
    expect(svg).toContain('<rect x="0" y="0" width="900" height="420" rx="8" fill="#ffffff"/>');
    expect(svg).toContain('Lag &lt;api&gt; &amp; &quot;workers&quot;');
    expect(svg).toContain('>04:00<'); // 07:00 UTC in São Paulo
    expect(svg).toContain('>2.5<');
    expect(svg).toContain('stroke-dasharray="6 4"');
    expect(svg).toContain('incident start 07:01');
  });

  it('breaks a line where samples are missing and says when there is no data', () => {
    const gap = renderChartSvg({
      title: 't',
      series: [{ name: 'a', points: [...line([1, 2, 3]), [from + 20 * 60_000, 4], [from + 21 * 60_000, 5]] }],
      from,
      to,
    });
    expect(gap.match(/<path /g)).toHaveLength(2);
    const empty = renderChartSvg({ title: 't', series: [], from, to });
    expect(empty).toContain('no data in this window');
  });

  it('shows a legend only when there are several lines', () => {
    const two = renderChartSvg({
      title: 't',
      series: [
        { name: 'route=/health', points: line([1, 2]) },
        { name: 'route=/metrics', points: line([2, 1]) },
      ],
      from,
      to,
    });
    expect(two).toContain('route=/health');
    expect(
      renderChartSvg({ title: 't', series: [{ name: 'only', points: line([1]) }], from, to }),
    ).not.toContain('>only<');
  });
});

describe('chart words', () => {
  it('states the latest value and the trend', () => {
    const input = { title: 'Memory', series: [{ name: 'm', points: line([1e9, 1.5e9, 2e9]) }], from, to };
    expect(chartAltText(input)).toBe('Memory: latest 2G, rising over the last 30 minutes.');
    expect(trendOf({ name: 'x', points: line([5, 5.1, 5]) })).toBe('steady');
    expect(trendOf({ name: 'x', points: line([5, 1]) })).toBe('falling');
    expect(chartAltText({ title: 'Memory', series: [], from, to })).toBe(
      'Memory: no data in the last 30 minutes.',
    );
  });

  it('picks round ticks and short values', () => {
    expect(niceTicks(0, 2.4).ticks).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    expect(niceTicks(7, 7).ticks.length).toBeGreaterThan(1);
    expect(formatValue(46_300_000)).toBe('46.3M');
    expect(formatValue(0.0031)).toBe('0.003');
    expect(formatValue(0)).toBe('0');
  });
});
