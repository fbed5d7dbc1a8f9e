import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/ports.ts';
import type { ViewFile } from '../../src/demo/channel-view.ts';
import { type Playground, startPlayground } from '../../src/demo/start-playground.ts';

let playground: Playground;
let origin: string;

beforeAll(async () => {
  playground = await startPlayground({
    port: 0,
    scenario: 'restart-fixes-it',
    env: process.env,
    cwd: process.cwd(),
    clock: systemClock,
    healthStartPeriodMs: 0,
    logLevel: 'silent',
  });
  origin = new URL(playground.url).origin;
}, 120_000);

afterAll(async () => {
  await playground?.stop();
});

async function eventually<T>(read: () => Promise<T | undefined>, ms = 90_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('nothing arrived in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the playground thread shows charts', () => {
  it('a diagnose uploads the charts, generated from the simulated host and saying so', async () => {
    const response = await fetch(`${origin}/ui/command`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin,
        'sec-fetch-site': 'same-origin',
        'x-playground-token': playground.pageToken,
      },
      body: JSON.stringify({ user: 'U0ANA', text: '/apidown diagnose' }),
    });
    expect(response.status).toBe(200);
    const images = await eventually(async () => {
      const state = (await (await fetch(`${origin}/ui/state?user=U0ANA`)).json()) as { files: ViewFile[] };
      const charts = state.files.filter((file) => file.image);
      return charts.length >= 2 ? charts : undefined;
    });
    expect(images.map((file) => file.title)).toEqual(['API event loop lag (s)', 'API resident memory']);
    // restart-fixes-it: the API lags 2.4 s now
    expect(images[0]?.image?.alt).toBe(
      'API event loop lag (s): latest 2.41, rising over the last 30 minutes.',
    );
    expect(images[0]?.thread_ts).toBeDefined();
    const png = await fetch(`${origin}${images[0]?.url}`);
    expect(png.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await png.arrayBuffer());
    expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  }, 120_000);
});
