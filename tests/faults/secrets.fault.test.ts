import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APPROVER,
  approvalIdIn,
  BOT_TOKEN,
  type FaultWorld,
  SIGNING_SECRET,
  slackClient,
  startFaultWorld,
  startInProcessBot,
} from './support/fault-bot.ts';
import { readStore } from './support/store-reader.ts';

/**
 * Seeded secrets (the simulated host's .env.production values, the bot token and signing secret)
 * are searched in every Slack call body, response_url post, uploaded file, log line (debug level)
 * and every row of every table after a busy incident: diagnose, deps, resources, the JWT section
 * (its steps print the environment), a restart with approval, the many-users ping.
 * Guards: the redactor on step output (prepare-runner/create-redactor), the scrubbed step
 * environment (build-step-env: no SLACK_* reach a step), the logger's redact paths and text hooks.
 * Without redaction the `env | grep JWT` / `cat .env.production` outputs carry the secrets here.
 */
const CHANNEL = 'C0SECRETS';

describe('fault: seeded secrets never leave the process', () => {
  let world: FaultWorld;
  let bot: Awaited<ReturnType<typeof startInProcessBot>>;
  const logs: string[] = [];

  beforeAll(async () => {
    world = await startFaultWorld({
      scenario: 'restart-fixes-it',
      binding: {
        approvers: { users: [APPROVER], usergroups: [], allowSelfApproval: false, expiresAfter: '10m' },
      },
    });
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(chunk.toString('utf8'));
        done();
      },
    });
    bot = await startInProcessBot(world, { destination, logLevel: 'debug', tickMs: 300 });
  });
  afterAll(async () => {
    await bot?.close();
    await world?.close();
  });

  it('finds none in Slack calls, files, logs or the database', async () => {
    const client = slackClient(world, () => bot.eventsUrl);
    const replies = () => {
      const card = world.fake.channelMessages(CHANNEL)[0];
      return card ? world.fake.threadReplies(CHANNEL, card.ts).length : 0;
    };
    const waitReplies = (n: number) => world.fake.waitFor(() => replies() >= n || undefined, 30_000);
    await client.slash('diagnose', { channel: CHANNEL });
    await waitReplies(1);
    await client.slash('deps', { channel: CHANNEL });
    await waitReplies(2);
    await client.slash('resources', { channel: CHANNEL });
    await waitReplies(3);
    // Sensitive steps (they print the environment) run only for operators and approvers.
    await client.slash('run problema-erro-de-jwt-secrets', { channel: CHANNEL, user: APPROVER });
    await client.slash('run problema-container-nao-inicia', { channel: CHANNEL, user: APPROVER });
    await client.slash('restart', { channel: CHANNEL });
    const card = await world.fake.waitFor(() => approvalIdIn(world.fake, CHANNEL), 30_000);
    await client.click({
      action_id: 'approve',
      value: card.id,
      user: APPROVER,
      channel: CHANNEL,
      message_ts: card.ts,
      thread_ts: world.fake.channelMessages(CHANNEL)[0]?.ts ?? '',
    });
    await world.fake.waitFor(() => {
      const state = readStore(world.storeFile).approval(card.id)?.state;
      return state === 'succeeded' || state === 'failed';
    }, 40_000);
    await client.slash('impact many', { channel: CHANNEL });
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const secrets = [...world.sandbox.secrets, BOT_TOKEN, SIGNING_SECRET];
    expect(world.sandbox.secrets.length).toBeGreaterThan(2);
    const haystacks: Record<string, string> = {
      // The `token` form field (Bolt's auth.test) is the credential Slack asks for, not content.
      'Slack call bodies': JSON.stringify(
        world.fake.calls.map(({ args: { token: _credential, ...content } }) => content),
      ),
      'response_url posts': JSON.stringify(world.fake.responses),
      'uploaded files': world.fake.files.map((file) => file.content.toString('utf8')).join('\n'),
      'log lines': logs.join(''),
      'database rows': readStore(world.storeFile).dump(),
    };
    // The search looks at real material: files were uploaded, logs written, rows stored.
    expect(world.fake.files.length).toBeGreaterThan(0);
    expect(logs.length).toBeGreaterThan(10);
    expect(haystacks['database rows']).toContain('section_run');
    // …and secrets were really printed by steps, then redacted on the way out.
    expect(`${haystacks['Slack call bodies']}${haystacks['uploaded files']}`).toMatch(
      /\[set, \d+ chars\]|\[redacted\]/,
    );
    const leaks = Object.entries(haystacks).flatMap(([where, text]) =>
      secrets.filter((secret) => text.includes(secret)).map((secret) => `${where}: ${secret.slice(0, 6)}…`),
    );
    expect(leaks).toEqual([]);
  }, 120_000);
});
