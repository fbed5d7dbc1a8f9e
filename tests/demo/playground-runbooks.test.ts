import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { systemClock } from '../../src/core/ports.ts';
import { type Playground, startPlayground, usesSimulatedHost } from '../../src/demo/start-playground.ts';

/** A team's own runbook (Spanish, not api-down, no restart): steps harmless on any machine. */
const RUNBOOK = `# Servicio de colas caído

## Diagnóstico

\`\`\`bash
# Herramientas de esta máquina
echo "$PATH" | grep -v sandbox/bin
\`\`\`

\`\`\`bash
# Sistema operativo
uname -s
\`\`\`
`;

const BINDING = {
  command: '/colas',
  locale: 'es',
  channels: [],
  subcommands: { diagnostico: 'diagnostico' },
  roles: { 'Responsable de guardia': { users: ['U0CARLA'] } },
  approvers: { users: ['U0BRUNO'], usergroups: [] },
};

const API_DOWN_WORDS = /api-?down|atendechat|\bAPI\b|restart|reinicio|docker|redis/i;

/** Until `read` gives something or the deadline passes (the bot answers asynchronously). */
async function eventually<T>(read: () => T | undefined, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('nothing arrived in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the playground with a team’s own runbook (--real-host)', () => {
  let playground: Playground;
  let dir: string;
  let origin: string;

  const post = (text: string, user = 'U0ANA') =>
    fetch(`${origin}/ui/command`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin,
        'sec-fetch-site': 'same-origin',
        'x-playground-token': playground.pageToken,
      },
      body: JSON.stringify({ user, text }),
    });
  const state = async () =>
    (await (await fetch(`${origin}/ui/state?user=U0ANA`)).json()) as Record<string, unknown>;
  const everything = () => JSON.stringify(playground.book.view('U0ANA'));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'playground-runbooks-'));
    writeFileSync(join(dir, 'colas.md'), RUNBOOK);
    writeFileSync(join(dir, 'colas.yml'), stringify(BINDING));
    playground = await startPlayground({
      port: 0,
      scenario: 'healthy',
      env: process.env,
      cwd: process.cwd(),
      clock: systemClock,
      runbooksDir: dir,
      realHost: true,
      healthStartPeriodMs: 0,
      logLevel: 'silent',
    });
    origin = new URL(playground.url).origin;
  }, 60_000);
  afterAll(async () => {
    await playground?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('describes the loaded runbook, not api-down: what to type, hints, people, no simulated host', async () => {
    const page = await state();
    expect(page.start).toBe('/colas diagnostico');
    expect(page.hints).toEqual(['/colas diagnostico', '/colas help', '/colas status', '/colas resolve']);
    expect(page.simulatedHost).toBe(false);
    const carla = (page.users as { id: string; role: string }[]).find((user) => user.id === 'U0CARLA');
    expect(carla?.role).toBe('lead: Responsable de guardia');
    const words = JSON.stringify({ ...page, scenarios: undefined, scenario: undefined });
    expect(words).not.toMatch(API_DOWN_WORDS);
  });

  it('answers a subcommand the binding does not map with the help message', async () => {
    expect((await post('/colas diagnose')).status).toBe(200);
    const answer = await eventually(() =>
      playground.book.view('U0ANA').ephemerals.find((message) => message.text.includes('diagnose')),
    );
    const text = JSON.stringify(answer.blocks);
    expect(answer.text).toContain('Subcomando desconocido `diagnose`.');
    expect(text).toContain('¿Quisiste decir `/colas diagnostico`?');
    expect(text).toContain('diagnostico'); // the help lists what can be typed
    expect(text).toContain('lo que puedes ejecutar');
    expect(text).not.toMatch(/unknown subcommand|\(unknown/i);
  });

  it('opens an incident whose card has no restart button, and runs with this machine’s own tools', async () => {
    expect((await post('/colas diagnostico')).status).toBe(200);
    const card = await eventually(() =>
      playground.book.view('U0ANA').messages.find((message) => /incidente #/i.test(message.text)),
    );
    const actionIds = JSON.stringify(card.blocks).match(/"action_id":"[a-z_]+"/g) ?? [];
    expect(actionIds.length).toBeGreaterThan(0);
    expect(actionIds.join(' ')).not.toContain('request_restart');
    expect(JSON.stringify(card.blocks)).not.toMatch(/Pedir reinicio|Request restart|Pedir restart/);
    expect(JSON.stringify(card.blocks)).toContain('ejecuta `/colas diagnostico`');
    // The PATH check passes only when the simulated host's stand-ins are not on PATH.
    const run = await eventually(() =>
      playground.book
        .view('U0ANA')
        .messages.find((message) => message.thread_ts === card.ts && message.text.includes('Diagnóstico')),
    );
    expect(everything()).toContain('Todas las verificaciones pasaron');
    expect(run.text).not.toMatch(/0 de 2/);
  }, 60_000);
});

describe('which runbooks get the simulated host', () => {
  it('only the runbooks it models, when they were loaded', () => {
    expect(usesSimulatedHost('api-down', ['api-down', 'colas'])).toBe(true);
    expect(usesSimulatedHost('colas', ['api-down', 'colas'])).toBe(false);
    expect(usesSimulatedHost('api-down', ['colas'])).toBe(false);
  });
});
