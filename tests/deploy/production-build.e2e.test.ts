import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpawnedServer, spawnServer } from '../../bench/spawn-server.ts';
import { freePort } from '../../sandbox/free-port.ts';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.ts';
import { postSlashCommand } from '../support/signed-request.ts';
import { slashCommand } from '../support/slack-payloads.ts';

const run = promisify(execFile);
const REPO = path.resolve('.');
const TOKEN = 'xoxb-build-test-0123456789';
const SECRET = 'build-test-signing-secret-0123456789';

/**
 * The production build (scripts/build.mjs, what `npm run build` runs after the type check) laid out
 * like the runtime image: bin/, dist/, package.json and node_modules, no src/. Everything the
 * bundled bot needs must come from dist/ or node_modules.
 */
describe('the production build (dist/bundle) run as in the image', () => {
  let root: string;
  let bin: string;
  let runbooksDir: string;
  let fake: FakeSlack;
  const servers: SpawnedServer[] = [];

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'runbook-bot-build-'));
    cpSync(path.join(REPO, 'bin'), path.join(root, 'bin'), { recursive: true });
    cpSync(path.join(REPO, 'package.json'), path.join(root, 'package.json'));
    symlinkSync(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    await run(process.execPath, ['scripts/build.mjs', '--out', path.join(root, 'dist')], { cwd: REPO });
    bin = path.join(root, 'bin/runbook-bot.js');
    runbooksDir = path.join(root, 'runbooks');
    mkdirSync(runbooksDir);
    for (const file of ['bench.md', 'bench.yml'])
      cpSync(path.join(REPO, 'bench/fixtures', file), path.join(runbooksDir, file));
    fake = await startFakeSlack({ token: TOKEN });
  }, 180_000);

  afterAll(async () => {
    for (const server of servers) await server.stop();
    await fake?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const env = (extra: Record<string, string> = {}) => ({
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: root,
    LANG: 'C.UTF-8',
    NODE_ENV: 'production',
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.url,
    RUNBOOKS_DIR: runbooksDir,
    DATA_DIR: path.join(root, 'data'),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ...extra,
  });

  it('holds no source tree: the commands are bundles, the assets sit at their unbundled paths', () => {
    expect(existsSync(path.join(root, 'src'))).toBe(false);
    for (const file of [
      'dist/bundle/main.js',
      'dist/bundle/src-cli-serve-serve-command.js',
      'dist/src/store/postgres/pg-worker.js',
      'dist/src/demo/web/index.html',
      'dist/sandbox/bin/docker',
      'dist/sandbox/lib/api-server.mjs',
    ]) {
      expect(existsSync(path.join(root, file)), file).toBe(true);
    }
  });

  it('lints the runbooks, and a bad folder gets the user-error message (not an internal error)', async () => {
    const ok = await run(process.execPath, [bin, 'lint', runbooksDir], { cwd: root, env: env() });
    expect(ok.stdout).toContain('1 runbook checked: 0 errors');
    const missing = await run(process.execPath, [bin, 'lint', path.join(root, 'nowhere')], {
      cwd: root,
      env: env(),
    }).catch((error: { code: number; stderr: string }) => error);
    expect(missing).toMatchObject({ code: 1 });
    expect((missing as { stderr: string }).stderr).toContain('cannot read the runbook folder');
    expect((missing as { stderr: string }).stderr).not.toContain('internal error');
  }, 60_000);

  it('prints the manifest and inspects a runbook', async () => {
    const manifest = await run(process.execPath, [bin, 'manifest'], { cwd: root, env: env() });
    expect(manifest.stdout).toContain('/bench');
    const inspect = await run(process.execPath, [bin, 'inspect', path.join(runbooksDir, 'bench.md')], {
      cwd: root,
      env: env(),
    });
    expect(inspect.stdout).toContain('RUNBOOK: BENCH');
  }, 60_000);

  it('reads a Portuguese runbook exactly as the sources do (non-ASCII patterns survive the bundle)', async () => {
    const seed = path.join(REPO, 'runbooks/api-down.md');
    const devEnv = { ...env(), NODE_ENV: 'development' };
    const fromSources = await run(
      process.execPath,
      [path.join(REPO, 'bin/runbook-bot.js'), 'inspect', seed],
      {
        cwd: REPO,
        env: devEnv,
      },
    );
    const fromBuild = await run(process.execPath, [bin, 'inspect', seed], { cwd: REPO, env: env() });
    expect(fromSources.stdout).toContain('DIAGNÓSTICO RÁPIDO');
    expect(fromBuild.stdout).toBe(fromSources.stdout);
  }, 60_000);

  it('serves over HTTP: ready on /healthz, and a diagnose posts its verdicts in the thread', async () => {
    const port = await freePort();
    const server = await spawnServer({
      args: [bin, 'serve'],
      env: env({ PORT: String(port), LOG_LEVEL: 'info' }),
      cwd: root,
      readyUrl: `http://127.0.0.1:${port}/healthz`,
      readyStatus: 200,
      timeoutMs: 60_000,
    });
    servers.push(server);
    // The runbooks were parsed by the child's bundle (dist/src/runbook/load-runbooks-child.js), not
    // again in the bot's process after it failed.
    expect(server.tail()).toContain('runbooks parsed ahead by a child process');
    const ack = await postSlashCommand(
      `http://127.0.0.1:${port}/slack/events`,
      SECRET,
      slashCommand({
        command: '/bench',
        text: 'diagnose',
        channel_id: 'C0BUILD01',
        user_id: 'U0BUILD01',
        response_url: fake.responseUrl(),
      }),
    );
    expect(ack.status).toBe(200);
    const replies = await fake
      .waitFor(() => {
        const found = fake.messages.filter((m) => m.channel === 'C0BUILD01' && m.thread_ts);
        return found.length > 0 && found;
      }, 60_000)
      .catch((error: Error) => {
        throw new Error(`${error.message}\nbot output:\n${server.tail()}`);
      });
    expect(JSON.stringify(replies)).toContain('Check one');
  }, 120_000);

  it('runs the playground: the page and its script come from dist/src/demo/web', async () => {
    const port = await freePort();
    // The playground's own runbooks (runbooks/ of its working directory) on its simulated host.
    const demoDir = path.join(root, 'demo');
    cpSync(path.join(REPO, 'runbooks'), path.join(demoDir, 'runbooks'), { recursive: true });
    const { RUNBOOKS_DIR: _own, ...demoEnv } = env();
    const server = await spawnServer({
      args: [bin, 'demo', '--port', String(port)],
      env: demoEnv,
      cwd: demoDir,
      readyUrl: `http://127.0.0.1:${port}/`,
      readyStatus: 200,
      timeoutMs: 60_000,
    });
    servers.push(server);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(await page.text()).toContain('runbook-bot playground');
    const script = await fetch(`http://127.0.0.1:${port}/app.js`);
    expect(script.status).toBe(200);
  }, 120_000);

  it('serves in Socket Mode: asks Slack for a socket URL, /healthz says not connected yet', async () => {
    const port = await freePort();
    const server = await spawnServer({
      args: [bin, 'serve'],
      env: env({ PORT: String(port), SLACK_APP_TOKEN: 'xapp-1-A1-1-build' }),
      cwd: root,
      // The fake Slack has no WebSocket: the bot stays up, not ready.
      readyUrl: `http://127.0.0.1:${port}/healthz`,
      readyStatus: 503,
      timeoutMs: 60_000,
    });
    servers.push(server);
    await fake.waitFor(() => fake.calls.some((call) => call.method === 'apps.connections.open'), 60_000);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(await health.json()).toMatchObject({ live: true, ready: false, checks: { slack: false } });
  }, 120_000);
});
