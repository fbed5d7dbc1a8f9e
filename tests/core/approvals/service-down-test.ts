import { test } from 'vitest';
import { FakeClock } from '../../support/fake-clock.ts';
import { createHarness, passingRunner } from './approval-harness.ts';

/**
 * `it` for logic tests of approvals while the service is down (the health checks fail, so a click
 * needs no extra confirmation). A test names what it needs and gets it fresh: `clock` (a FakeClock),
 * `runner` (passingRunner, unhealthy) and `h` (a harness over both, disposed after the test).
 */
export const serviceDownTest = test
  .extend('clock', () => new FakeClock())
  .extend('runner', () => {
    const runner = passingRunner();
    runner.healthy = false;
    return runner;
  })
  .extend('h', async ({ clock, runner }, { onCleanup }) => {
    const h = await createHarness({ clock, runner });
    onCleanup(() => h.dispose());
    return h;
  });
