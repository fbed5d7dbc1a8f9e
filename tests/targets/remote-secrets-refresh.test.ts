// When an SSH target's `.env*` files are read again (each read is a session on the host): once per
// section, never twice for the same section, and never skipped once a step ran since the last read.
import { describe, expect, it } from 'vitest';
import { FRESH_READING_MS, withRemoteSecrets } from '../../src/core/targets/prepare-target-runner.ts';
import { createRedactor } from '../../src/exec/redact/create-redactor.ts';
import { FakeClock } from '../support/fake-clock.ts';

const SECRET_A = 'remote-secret-aaaaaaaaaaaa';
const SECRET_B = 'remote-secret-bbbbbbbbbbbb';

/** A target whose `.env` holds `current`; each reading is counted and can be held open. */
function fakeTarget() {
  const target = {
    current: SECRET_A,
    readings: 0,
    hold: null as Promise<void> | null,
    learn: async (): Promise<string[]> => {
      target.readings++;
      const value = target.current;
      if (target.hold) await target.hold;
      return [value];
    },
  };
  return target;
}

describe('reading a target’s secrets again', () => {
  it('a refresh while a reading is under way joins it: one reading, its secret redacted', async () => {
    const clock = new FakeClock();
    const target = fakeTarget();
    let release = (): void => undefined;
    target.hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const redactor = withRemoteSecrets(createRedactor({ secrets: [] }), clock, target.learn);
    await redactor.refresh();
    await redactor.refresh();
    release();
    await redactor.ready();
    expect(target.readings).toBe(1);
    expect(redactor(`token ${SECRET_A}`)).not.toContain(SECRET_A);
  });

  it('the reading made when the runner was prepared serves its first section', async () => {
    const clock = new FakeClock();
    const target = fakeTarget();
    const redactor = withRemoteSecrets(createRedactor({ secrets: [] }), clock, target.learn);
    await redactor.refresh(); // prepared
    await redactor.ready();
    await clock.advance(1000); // the connection took a second
    await redactor.refresh(); // the section starts
    expect(target.readings).toBe(1);
  });

  it('reads again for the next section once a step ran, and redacts a rotated secret', async () => {
    const clock = new FakeClock();
    const target = fakeTarget();
    const redactor = withRemoteSecrets(createRedactor({ secrets: [] }), clock, target.learn);
    await redactor.refresh();
    await redactor.ready();
    redactor.stepStarted();
    target.current = SECRET_B;
    await redactor.refresh();
    await redactor.ready();
    expect(target.readings).toBe(2);
    const shown = redactor(`old ${SECRET_A} new ${SECRET_B}`);
    expect(shown).not.toContain(SECRET_A);
    expect(shown).not.toContain(SECRET_B);
  });

  it('reads again when the last reading is old, even with no step since', async () => {
    const clock = new FakeClock();
    const target = fakeTarget();
    const redactor = withRemoteSecrets(createRedactor({ secrets: [] }), clock, target.learn);
    await redactor.refresh();
    await redactor.ready();
    await clock.advance(FRESH_READING_MS);
    await redactor.refresh();
    await redactor.ready();
    expect(target.readings).toBe(2);
  });

  it('a failed reading keeps what was learnt and lets the next refresh read again', async () => {
    const clock = new FakeClock();
    let fail = false;
    let readings = 0;
    const redactor = withRemoteSecrets(createRedactor({ secrets: [] }), clock, async () => {
      readings++;
      if (fail) throw new Error('host gone');
      return [SECRET_A];
    });
    await redactor.refresh();
    await redactor.ready();
    redactor.stepStarted();
    fail = true;
    await redactor.refresh();
    await redactor.ready();
    expect(readings).toBe(2);
    expect(redactor(`old ${SECRET_A}`)).not.toContain(SECRET_A);
  });
});
