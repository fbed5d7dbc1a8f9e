import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/ports.ts';
import { systemClock } from '../../src/core/ports.ts';
import { createRedactor } from '../../src/exec/redact/create-redactor.ts';
import { createStepRunner } from '../../src/exec/run-step.ts';
import { createStepHost, type StepHost } from '../../src/exec/step-host/step-host.ts';
import type { StepResult } from '../../src/exec/step-result.ts';
import { englishVerdict } from '../../src/render/common/describe-verdict.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { liveMembers, liveProcessesWith } from '../support/live-processes.ts';
import { commandStep } from './make-step.ts';

const TOKEN = 'xoxb-7777-8888-stephostsecret';
const botEnv = { PATH: process.env.PATH, HOME: process.env.HOME, SLACK_BOT_TOKEN: TOKEN };

const hosts: StepHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close()));
});

function hostWith(options: Parameters<typeof createStepHost>[0] = {}): StepHost {
  const host = createStepHost({ env: botEnv, ...options });
  hosts.push(host);
  return host;
}

function runnerOn(host: StepHost, clock: Clock = systemClock) {
  return createStepRunner({
    clock,
    redactor: createRedactor({ secrets: [TOKEN] }),
    env: botEnv,
    envAllowlist: [],
    killGraceMs: 200,
    drainMs: 100,
    executor: host.executor,
  });
}

/**
 * The source of a small ES module playing the bot in a process of its own: `createStepHost`,
 * `createOutputCapture` and `runStep(host, command, capture)` (60 s timeout), then `body`.
 */
function botScript(body: string[]): string {
  const from = (path: string) => JSON.stringify(new URL(path, import.meta.url).href);
  return [
    `import { createStepHost } from ${from('../../src/exec/step-host/step-host.ts')};`,
    `import { createOutputCapture } from ${from('../../src/exec/process/capture-output.ts')};`,
    `import { systemClock } from ${from('../../src/core/ports.ts')};`,
    'const runStep = (host, command, capture) => host.executor({ command, cwd: undefined, env: { PATH: process.env.PATH },',
    '  stdin: undefined, timeoutMs: 60000, clock: systemClock, capture, killGraceMs: 100, drainMs: 100 });',
    ...body,
  ].join('\n');
}

/** The number a step wrote to `file`, once it is there. */
function readNumber(file: string): number | undefined {
  try {
    const value = Number(readFileSync(file, 'utf8').trim());
    return value > 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A logger that keeps the text of its warnings. */
function warningsLogger() {
  const warnings: string[] = [];
  const logger = {
    warn: (...args: unknown[]) =>
      warnings.push(args.map((arg) => (typeof arg === 'string' ? arg : '')).join(' ')),
    info: () => undefined,
    debug: () => undefined,
  } as unknown as NonNullable<Parameters<typeof createStepHost>[0]>['logger'];
  return { warnings, logger };
}

async function until<T>(probe: () => T | undefined, what: string): Promise<T> {
  for (let waited = 0; waited < 20_000; waited += 20) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the step host: local steps started by a process of their own', () => {
  it('runs every step in one host process, not in the bot, each with its own output', async () => {
    const host = hostWith();
    const runner = runnerOn(host);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        runner.run(commandStep({ id: `s${index}`, command: `echo "step ${index} parent $PPID"` })),
      ),
    );
    const parents = new Set<string>();
    results.forEach((result, index) => {
      expect(result.status).toBe('pass');
      const match = /^step (\d+) parent (\d+)$/.exec(result.output.trim());
      expect(match?.[1]).toBe(String(index));
      parents.add(match?.[2] ?? '');
    });
    expect([...parents]).toEqual([String(host.pid())]);
    expect(host.pid()).not.toBe(process.pid);
  });

  it("ends a step when the bot's clock says its time is up, not the host's", async () => {
    const clock = new FakeClock();
    const host = hostWith();
    const pending = runnerOn(host, clock).run(
      commandStep({ command: 'echo "pgid:$$"; sleep 1000 & sleep 1000; wait', timeoutMs: 60_000 }),
    );
    let settled: StepResult | undefined;
    void pending.then((result) => {
      settled = result;
    });
    // Real seconds pass and the step keeps running: only the bot's (fake) clock counts.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(settled).toBeUndefined();
    await clock.advance(60_000);
    const result = await pending;
    expect(result).toMatchObject({
      status: 'timeout',
      timedOut: true,
      detail: { kind: 'timeout', ms: 60_000 },
    });
    const pgid = Number(/pgid:(\d+)/.exec(result.output)?.[1]);
    expect(liveMembers(pgid)).toEqual([]);
  });

  it('holds none of the bot environment: its tokens do not reach the host process', async () => {
    const host = hostWith();
    const result = await runnerOn(host).run(
      commandStep({ command: `tr '\\0' '\\n' < /proc/$PPID/environ | cut -d= -f1; echo "parent $PPID"` }),
    );
    expect(result.status).toBe('pass');
    expect(result.output).toContain(`parent ${host.pid()}`);
    expect(result.output).toContain('PATH');
    expect(result.output).not.toContain('SLACK_BOT_TOKEN');
    expect(result.output).not.toContain('HOME');
  });

  it('kills a running step and says so when the host dies under it; the next step gets a new host', async () => {
    const host = hostWith();
    const runner = runnerOn(host);
    const pgidFile = join(mkdtempSync(join(tmpdir(), 'rb-host-')), 'pgid');
    const pending = runner.run(
      commandStep({ command: `echo $$ > ${pgidFile}; sleep 1000 & sleep 1000; wait` }),
    );
    const pgid = await until(() => readNumber(pgidFile), 'the step to start');
    const firstHost = host.pid() as number;
    process.kill(firstHost, 'SIGKILL');
    const result = await pending;
    expect(result.status).toBe('error');
    expect(result.detail).toMatchObject({ kind: 'interrupted' });
    expect(JSON.stringify(result.detail)).toContain('step host process ended (SIGKILL) while the step ran');
    // Not "could not start": it did run, and what it changed may be partly done.
    expect(englishVerdict(result.detail)).toMatch(/^interrupted, outcome unknown/);
    expect(liveMembers(pgid)).toEqual([]);
    const next = await runner.run(commandStep({ command: 'echo "parent $PPID"' }));
    expect(next.status).toBe('pass');
    expect(next.output.trim()).toBe(`parent ${host.pid()}`);
    expect(host.pid()).not.toBe(firstHost);
  });

  it('takes its running steps down with it when closed', async () => {
    const host = hostWith();
    const pgidFile = join(mkdtempSync(join(tmpdir(), 'rb-host-')), 'pgid');
    const pending = runnerOn(host).run(commandStep({ command: `echo $$ > ${pgidFile}; sleep 1000` }));
    const pgid = await until(() => readNumber(pgidFile), 'the step to start');
    await host.close();
    const result = await pending;
    expect(result.status).toBe('error');
    expect(liveMembers(pgid)).toEqual([]);
  });

  it('keeps a process alive while its steps run, and not once they are done', async () => {
    // A script with nothing else to do: it must get its step's result, then exit on its own
    // without closing the host (an idle host does not hold the process open).
    const script = botScript([
      'const capture = createOutputCapture({ headBytes: 1024, tailBytes: 1024 });',
      'const outcome = await runStep(createStepHost(), "sleep 0.3; echo done by $PPID", capture);',
      'console.log(JSON.stringify({ outcome, output: capture.finish(Object.assign((t) => t, { secrets: [] })).output, me: process.pid }));',
    ]);
    const started = performance.now();
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    const answer = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      outcome: { exitCode: number };
      output: string;
      me: number;
    };
    expect(answer.outcome.exitCode).toBe(0);
    const parent = Number(/done by (\d+)/.exec(answer.output)?.[1]);
    expect(parent).toBeGreaterThan(0);
    expect(parent).not.toBe(answer.me);
    expect(performance.now() - started).toBeLessThan(25_000);
  });

  it('starts nothing more and leaves nothing running when closed in the middle of a burst', async () => {
    const host = hostWith();
    const runner = runnerOn(host);
    const dir = mkdtempSync(join(tmpdir(), 'rb-host-'));
    const marker = `98${process.pid % 1000}.`;
    const steps = 100;
    const pending = Array.from({ length: steps }, (_, index) =>
      runner.run(commandStep({ id: `s${index}`, command: `touch ${dir}/${index}; sleep ${marker}${index}` })),
    );
    await until(() => (readdirSync(dir).length >= 5 ? true : undefined), 'some steps to start');
    await host.close();
    const results = await Promise.all(pending);
    for (const result of results) expect(result.status).toBe('error');
    // The steps still waiting for their turn say they were not started, and indeed did not run.
    const notStarted = results.flatMap((result, index) =>
      result.detail?.kind === 'spawn_error' ? [index] : [],
    );
    expect(notStarted.length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const index of notStarted) expect(existsSync(join(dir, String(index)))).toBe(false);
    expect(liveProcessesWith(`sleep ${marker}`)).toEqual([]);
    const after = await runner.run(commandStep({ command: `touch ${dir}/after` }));
    expect(after.status).toBe('error');
    expect(existsSync(join(dir, 'after'))).toBe(false);
  });

  it('leaves nothing running when the bot is killed outright in the middle of a burst', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rb-host-'));
    const marker = `97${process.pid % 1000}.`;
    const script = botScript([
      'const host = createStepHost();',
      'for (let index = 0; index < 40; index++)',
      `  void runStep(host, \`touch ${dir}/\${index}; sleep ${marker}\${index}\`, createOutputCapture({ headBytes: 64, tailBytes: 64 }));`,
    ]);
    const bot = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: 'ignore',
    });
    await until(() => (readdirSync(dir).length >= 5 ? true : undefined), 'some steps to start');
    bot.kill('SIGKILL');
    const left = await until(() => {
      const running = liveProcessesWith(`sleep ${marker}`);
      return running.length === 0 ? running : undefined;
    }, 'the steps of the killed bot to end');
    expect(left).toEqual([]);
    // And nothing starts later: the host went with them.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(liveProcessesWith(`sleep ${marker}`)).toEqual([]);
  });

  it('kills a host that stops answering, ends its step as interrupted, and carries on with a new one', async () => {
    const hostClock = new FakeClock();
    const { warnings, logger } = warningsLogger();
    const host = hostWith({ clock: hostClock, ...(logger ? { logger } : {}) });
    const runner = runnerOn(host);
    const pgidFile = join(mkdtempSync(join(tmpdir(), 'rb-host-')), 'pgid');
    const pending = runner.run(commandStep({ command: `echo $$ > ${pgidFile}; sleep 1000`, timeoutMs: 300 }));
    const pgid = await until(() => readNumber(pgidFile), 'the step to start');
    const stuck = host.pid() as number;
    process.kill(stuck, 'SIGSTOP');
    // Its time is up, but the stopped host cannot end it; the bot waits for the answer a while, then kills the host.
    await new Promise((resolve) => setTimeout(resolve, 700));
    await hostClock.advance(31_000);
    const result = await pending;
    expect(result.detail).toMatchObject({ kind: 'interrupted' });
    expect(liveMembers(pgid)).toEqual([]);
    expect(warnings.join('\n')).toContain('did not answer');
    const next = await runner.run(commandStep({ command: 'echo "parent $PPID"' }));
    expect(next.output.trim()).toBe(`parent ${host.pid()}`);
    expect(host.pid()).not.toBe(stuck);
  });

  it('runs steps in the bot process after a host that dies on every step failed three times', async () => {
    const entry = join(mkdtempSync(join(tmpdir(), 'rb-host-')), 'dies-on-each-step.mjs');
    writeFileSync(entry, "process.send({ type: 'ready' });\nprocess.on('message', () => process.exit(3));\n");
    const { warnings, logger } = warningsLogger();
    const host = hostWith({ entry: pathToFileURL(entry), ...(logger ? { logger } : {}) });
    const runner = runnerOn(host);
    const results: StepResult[] = [];
    for (let attempt = 0; attempt < 5; attempt++)
      results.push(await runner.run(commandStep({ command: 'echo "parent $PPID"' })));
    for (const result of results.slice(0, 3)) {
      expect(result.status).toBe('error');
      expect(JSON.stringify(result.detail)).toContain('ended (code 3) before the step started');
    }
    for (const result of results.slice(3)) expect(result.output.trim()).toBe(`parent ${process.pid}`);
    expect(warnings.join('\n')).toMatch(/failed 3 times in a row .*local steps run in the bot process/);
  });

  it('does not run a step in the bot when it was closed while the host was starting', async () => {
    const host = hostWith();
    const dir = mkdtempSync(join(tmpdir(), 'rb-host-'));
    const pending = runnerOn(host).run(commandStep({ command: `touch ${dir}/ran` }));
    await host.close();
    const result = await pending;
    expect(result.status).toBe('error');
    expect(JSON.stringify(result.detail)).toContain('shutting down');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(existsSync(join(dir, 'ran'))).toBe(false);
  });

  it('outlives a SIGTERM or Ctrl-C sent to the process group: only the bot ends it', async () => {
    const host = hostWith();
    const runner = runnerOn(host);
    const pgidFile = join(mkdtempSync(join(tmpdir(), 'rb-host-')), 'pgid');
    const pending = runner.run(commandStep({ command: `echo $$ > ${pgidFile}; sleep 0.5; echo finished` }));
    await until(() => readNumber(pgidFile), 'the step to start');
    const pid = host.pid() as number;
    process.kill(pid, 'SIGTERM');
    process.kill(pid, 'SIGINT');
    const result = await pending;
    expect(result).toMatchObject({ status: 'pass' });
    expect(result.output).toContain('finished');
    expect(host.pid()).toBe(pid);
  });

  it('runs steps in the bot process, and logs why, when the host cannot start', async () => {
    const { warnings, logger } = warningsLogger();
    const host = hostWith({
      entry: new URL('./no-such-step-host.js', import.meta.url),
      ...(logger ? { logger } : {}),
    });
    const runner = runnerOn(host);
    const results: StepResult[] = [];
    for (let attempt = 0; attempt < 4; attempt++)
      results.push(await runner.run(commandStep({ command: 'echo "parent $PPID"' })));
    for (const result of results) {
      expect(result.status).toBe('pass');
      expect(result.output.trim()).toBe(`parent ${process.pid}`);
    }
    expect(warnings.join('\n')).toMatch(/failed 3 times in a row .*local steps run in the bot process/);
    expect(host.pid()).toBeUndefined();
  });
});
