import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/ports.ts';
import { type Playground, startPlayground } from '../../src/demo/start-playground.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const title = hasChromium
  ? 'playground in headless Chromium'
  : `playground in headless Chromium — SKIPPED: ${CHROMIUM} is not installed (apt-get install -y chromium)`;
if (!hasChromium) console.warn(`[playground.browser.test] skipped: ${CHROMIUM} is not installed`);

const SCREENSHOT = path.resolve('docs/playground-thread.png');

describe.skipIf(!hasChromium)(title, () => {
  let playground: Playground;
  let browser: Browser;
  let page: Page;

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
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(playground.url);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await playground?.stop();
  });

  const channel = () => page.locator('#messages');
  const thread = () => page.locator('#thread-messages');
  const card = () => channel().locator('.message').filter({ hasText: 'API DOWN' }).first();
  const actAs = (name: string) => page.locator('.person').filter({ hasText: name }).click();

  it('diagnose -> request restart -> approve as another person -> healthy -> resolve with the modal', async () => {
    // Ana types the slash command: the card appears in the channel, the verdicts in its thread.
    await page.locator('#composer-input').fill('/apidown diagnose');
    await page.locator('#composer-input').press('Enter');
    await expect
      .poll(() => card().locator('.b-header').textContent(), { timeout: 20_000 })
      .toContain('API DOWN');
    await card().locator('[data-open-thread]').click();
    await expect
      .poll(() => thread().textContent(), { timeout: 20_000 })
      .toMatch(/Verificar Health Check[\s\S]*HTTP 503/);
    expect(await thread().locator('code').count()).toBeGreaterThan(0);

    // Ana asks for the restart: an approval card in the thread.
    await card().locator('button[data-action-id="request_restart"]').click();
    const approve = thread().locator('button[data-action-id="approve"]');
    await approve.first().waitFor({ timeout: 20_000 });
    expect(await approve.first().getAttribute('class')).toContain('primary');

    // Ana may not approve her own request: the refusal is shown to her only.
    await approve.first().click();
    await expect.poll(() => page.locator('.is-ephemeral').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await actAs('Bruno');
    await expect.poll(() => page.locator('#me').textContent()).toBe('Bruno');
    expect(await page.locator('.is-ephemeral').count()).toBe(0);
    expect(await playground.sandbox.restartCount()).toBe(0);

    // Bruno approves: the restart runs once, the api is healthy, the post-resolution checks pass.
    await thread().locator('button[data-action-id="approve"]').first().click();
    await expect
      .poll(() => thread().textContent(), { timeout: 45_000 })
      .toMatch(/VERIFICAÇÃO PÓS-RESOLUÇÃO — 4 verificações[\s\S]*Todas as verificações passaram/);
    expect(await thread().textContent()).toMatch(/Aprovado por @Bruno[\s\S]*4\/4 ✅/);
    expect(await playground.sandbox.restartCount()).toBe(1);
    if (process.env.UPDATE_SCREENSHOT === '1') {
      mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      // The approval card at the top of the thread pane, the restart and the checks below it.
      await thread()
        .locator('.message')
        .filter({ hasText: 'Aprovado por' })
        .first()
        .evaluate((node) => {
          node.scrollIntoView({ block: 'start' });
        });
      await page.screenshot({ path: SCREENSHOT });
    }

    // Resolve: the report modal, the root cause typed in, the final report in the thread.
    await card().locator('button[data-action-id="resolve"]').click();
    const modal = page.locator('#modal');
    await modal.locator('.modal-input').first().waitFor({ timeout: 10_000 });
    expect(await modal.locator('.modal-title').textContent()).toContain('#1');
    const rootCause = modal.locator('[data-block-id="field:Causa raiz"]');
    await rootCause.fill('API degradada (event loop lag, 1.9 GiB); restart resolveu');
    await modal.locator('button[type="submit"]').click();
    await page.locator('#modal-backdrop').waitFor({ state: 'hidden', timeout: 10_000 });
    await expect
      .poll(() => thread().textContent(), { timeout: 20_000 })
      .toContain('API degradada (event loop lag, 1.9 GiB); restart resolveu');
    await expect.poll(() => card().textContent(), { timeout: 20_000 }).toMatch(/resolvido/i);
    await expect.poll(() => page.locator('#files a').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.locator('.unknown').count()).toBe(0);
  }, 120_000);
});
