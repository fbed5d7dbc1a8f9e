import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/ports.ts';
import { createRedactor } from '../../src/exec/redact/create-redactor.ts';
import { createStepRunner } from '../../src/exec/run-step.ts';
import { englishVerdict } from '../../src/render/common/describe-verdict.ts';
import { withParams } from '../../src/runbook/parse/build-step.ts';
import { commandStep } from './make-step.ts';

/** A workdir with `keep/marker` and `sub/keep/marker`. */
function workdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rb-unset-'));
  for (const path of ['keep', 'sub/keep']) {
    mkdirSync(join(dir, path), { recursive: true });
    writeFileSync(join(dir, path, 'marker'), 'x');
  }
  return dir;
}

const runnerWith = (env: Record<string, string | undefined>, allow: string[]) =>
  createStepRunner({
    clock: systemClock,
    redactor: createRedactor({ secrets: [] }),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    envAllowlist: allow,
  });

describe('an unset variable fails the step instead of expanding to nothing', () => {
  it('rm -rf ./$DIR/keep with DIR passed by the binding but unset: bash stops before rm runs', async () => {
    const dir = workdir();
    // DIR is in the binding's env, so it is no parameter: the step runs, and bash's nounset stops it.
    const step = withParams(commandStep({ command: 'rm -rf ./$DIR/keep', risk: 'change' }), ['DIR']);
    expect(step.params).toBeUndefined();
    const result = await runnerWith({}, ['DIR']).run(step, { workdir: dir });
    expect(result.status).not.toBe('pass');
    expect(result.output).toMatch(/DIR: unbound variable/);
    expect(existsSync(join(dir, 'keep', 'marker'))).toBe(true);
    expect(existsSync(join(dir, 'sub', 'keep', 'marker'))).toBe(true);
  });

  it('the same step with DIR set removes only what it names', async () => {
    const dir = workdir();
    const step = withParams(commandStep({ command: 'rm -rf ./$DIR/keep', risk: 'change' }), ['DIR']);
    const result = await runnerWith({ DIR: 'sub' }, ['DIR']).run(step, { workdir: dir });
    expect(result.status).toBe('pass');
    expect(existsSync(join(dir, 'sub', 'keep'))).toBe(false);
    expect(existsSync(join(dir, 'keep', 'marker'))).toBe(true);
  });

  it('rm -rf $DIR/ from a runbook is a parameter: without a value nothing starts', async () => {
    const dir = workdir();
    const step = withParams(commandStep({ command: 'rm -rf ./$DIR/', risk: 'change' }), []);
    expect(step.params).toEqual(['dir']);
    expect(step.runs).toBe('rm -rf ./"$RB_DIR"/');
    const result = await runnerWith({}, []).run(step, { workdir: dir, params: {} });
    expect(result.status).toBe('error');
    expect(englishVerdict(result.detail)).toMatch(/needs a value for dir/);
    expect(existsSync(join(dir, 'keep', 'marker'))).toBe(true);
  });

  it('a value reaches the step only as its quoted variable', async () => {
    const dir = workdir();
    const step = withParams(commandStep({ command: 'rm -rf ./$DIR/keep', risk: 'change' }), []);
    const result = await runnerWith({}, []).run(step, { workdir: dir, params: { dir: 'sub' } });
    expect(result.status).toBe('pass');
    expect(existsSync(join(dir, 'sub', 'keep'))).toBe(false);
    expect(existsSync(join(dir, 'keep', 'marker'))).toBe(true);
  });
});
