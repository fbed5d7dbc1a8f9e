import type { ChartInput } from './chart-input.ts';
import { renderChartSvg } from './chart-svg.ts';

/** Device pixels per SVG pixel: sharp on high-density screens, still a small file. */
const SCALE = 2;

/**
 * The chart as a PNG, rasterised by resvg (a prebuilt Rust library: no browser, no native canvas
 * build). Fonts come from the system (DejaVu or Liberation on Debian); resvg is loaded on first use.
 */
export async function renderChartPng(input: ChartInput): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const svg = renderChartSvg(input);
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: SCALE },
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
