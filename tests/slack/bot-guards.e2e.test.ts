import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type BotHarness, CHANNEL, SIGNING_SECRET, startBotHarness } from '../support/bot-harness.ts';
import { postSlashCommand, retryHeaders } from '../support/signed-request.ts';
import { slashCommand } from '../support/slack-payloads.ts';

describe('a command is never run twice', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ scenario: 'redis-down' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('runs a command once when Slack delivers it again (same trigger, retry headers)', async () => {
    const fields = slashCommand({
      text: 'deps',
      user_id: 'U111',
      channel_id: CHANNEL,
      response_url: h.fake.responseUrl(),
      trigger_id: 'trigger-retried',
    });
    const first = await postSlashCommand(h.eventsUrl, SIGNING_SECRET, fields);
    const again = await postSlashCommand(h.eventsUrl, SIGNING_SECRET, fields, { headers: retryHeaders(1) });
    expect([first.status, again.status]).toEqual([200, 200]);
    const card = await h.fake.waitFor(() => h.fake.channelMessages(CHANNEL)[0]);
    await h.fake.waitFor(() => h.fake.threadReplies(CHANNEL, card.ts)[0], 15_000);
    await h.settle();
    expect(h.fake.threadReplies(CHANNEL, card.ts)).toHaveLength(1);
  });

  it('tells the second caller that the same diagnosis is already running', async () => {
    const before = h.fake.responses.length;
    await Promise.all([h.slash('diagnose', { user: 'U111' }), h.slash('diagnose', { user: 'U222' })]);
    await h.settle();
    const card = h.fake.channelMessages(CHANNEL)[0]!;
    const diagnoses = h.fake
      .threadReplies(CHANNEL, card.ts)
      .filter((reply) => reply.text.includes('1/3') || /verifica/i.test(reply.text));
    expect(diagnoses.length).toBeGreaterThanOrEqual(1);
    const told = JSON.stringify(h.fake.responses.slice(before));
    expect(told).toMatch(/já está rodando \(pedido por <@U111>\)|já está rodando \(pedido por <@U222>\)/);
  });
});

/** A runbook whose one check appends a line to `log` in `dir`: a file on the host that changes when it runs. */
function guardedRunbook(dir: string): Record<string, string> {
  return {
    'guarded.md':
      '# GUARDED\n\n## Check\n\n```bash\n# Append to the log\necho ran >> ran.log\n```\n\n## Secrets\n\n```bash\n# Print the env\ncat .env; exit 1\n```\n',
    'guarded.yml': stringify({
      command: '/guarded',
      locale: 'en',
      workdir: dir,
      channels: [],
      subcommands: { check: 'check' },
      // the binding vouches that this step only "reads": the test needs a visible trace of a run
      steps: { 'append-to-the-log': { risk: 'read' }, 'print-the-env': { risk: 'sensitive' } },
      operators: { users: ['U0OPER'], usergroups: [] },
      approvers: { users: ['U0APPR'], usergroups: [] },
    }),
    // No operators: anyone in the channel runs sections, but the sensitive step only approvers.
    'secrets.md':
      '# SECRETS\n\n## Show config\n\n```bash\n# Show the config\necho ran >> sensitive.log; cat .env; exit 1\n```\n\n```bash\n# Say alive\necho alive\n```\n',
    'secrets.yml': stringify({
      command: '/secrets',
      locale: 'pt-BR',
      workdir: dir,
      channels: [],
      steps: { 'show-the-config': { risk: 'sensitive' } },
      approvers: { users: ['U0APPR'], usergroups: [] },
    }),
  };
}

const SECRET = 'tok-9f8e7d6c5b4a3210fedcba';
const lines = (file: string) =>
  existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;

describe('operators and sensitive steps, through signed requests', () => {
  let h: BotHarness;
  let dir: string;
  const threadText = (channel: string) =>
    h.fake
      .channelMessages(channel)
      .flatMap((card) => h.fake.threadReplies(channel, card.ts))
      .map((reply) => JSON.stringify(reply.blocks) + reply.text);
  const repliesIn = (channel: string) => threadText(channel).length;
  /** Sends the command and waits until its run is posted in the incident thread. */
  const runAndWait = async (command: string, text: string, user: string, channel: string) => {
    const before = repliesIn(channel);
    expect((await h.slash(text, { command, user, channel })).status).toBe(200);
    await h.fake.waitFor(() => repliesIn(channel) > before, 20_000);
    return threadText(channel).at(-1) ?? '';
  };
  /** Sends the command and waits for the answer only the sender sees. */
  const refusedWith = async (command: string, text: string, user: string, channel: string) => {
    const before = h.fake.responses.length;
    expect((await h.slash(text, { command, user, channel })).status).toBe(200);
    const answer = await h.fake.waitFor(() => h.fake.responses.slice(before)[0], 10_000);
    await h.settle();
    return JSON.stringify(answer.body);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'runbook-bot-operators-'));
    writeFileSync(join(dir, '.env'), `DEBUG=false\nAPI_TOKEN=${SECRET}\n`);
    h = await startBotHarness({ scenario: 'healthy', extraRunbooks: guardedRunbook(dir) });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a non-operator's run: nothing on the host changes, no incident, and a clear answer", async () => {
    const log = join(dir, 'ran.log');
    const before = lines(log);
    const told = await refusedWith('/guarded', 'run check', 'U0NOBODY', 'C0GUARD1');
    expect(told).toContain('Only the operators of this runbook may run its sections');
    expect(told).toContain('<@U0OPER>');
    expect(told).toContain('Nothing was run');
    expect(lines(log)).toBe(before);
    expect(h.fake.channelMessages('C0GUARD1')).toEqual([]);
  });

  it('runs the same section for an operator and for an approver (the log shows each run)', async () => {
    const log = join(dir, 'ran.log');
    const before = lines(log);
    await runAndWait('/guarded', 'check', 'U0OPER', 'C0GUARD2');
    expect(lines(log)).toBe(before + 1);
    await runAndWait('/guarded', 'run check', 'U0APPR', 'C0GUARD2');
    expect(lines(log)).toBe(before + 2);
  });

  it('skips a sensitive step for someone who is neither operator nor approver, and says why', async () => {
    const log = join(dir, 'sensitive.log');
    const before = lines(log);
    const posted = await runAndWait('/secrets', 'run show-config', 'U0NOBODY', 'C0SECRET1');
    expect(lines(log)).toBe(before);
    expect(posted).toContain('não executado: pode mostrar segredos');
    expect(posted).toContain('alive');
  });

  it('runs a sensitive step for an operator, and its output leaves the bot redacted', async () => {
    const posted = await runAndWait('/guarded', 'run secrets', 'U0OPER', 'C0GUARD3');
    expect(posted).toMatch(/API_TOKEN=\[set, \d+ chars\]/);
    expect(posted).not.toContain('not run');
    await h.settle();
    expect(JSON.stringify([h.fake.calls, h.fake.responses, h.fake.ephemerals])).not.toContain(SECRET);
  });

  it('runs a sensitive step for an approver, and its output leaves the bot redacted', async () => {
    const log = join(dir, 'sensitive.log');
    const before = lines(log);
    const posted = await runAndWait('/secrets', 'run show-config', 'U0APPR', 'C0SECRET2');
    expect(lines(log)).toBe(before + 1);
    // the step fails on purpose, so its verdict quotes the output's last line: the secret, redacted
    expect(posted).toMatch(/API_TOKEN=\[(definido|set), \d+/);
    expect(posted).not.toContain('não executado');
    await h.settle();
    const everything = JSON.stringify([h.fake.calls, h.fake.responses, h.fake.ephemerals]);
    expect(everything).not.toContain(SECRET);
    expect(h.fake.files.map((file) => file.content.toString('utf8')).join('\n')).not.toContain(SECRET);
  });

  it('refuses a validly signed request dated an hour ahead (401) and runs nothing', async () => {
    const log = join(dir, 'ran.log');
    const before = lines(log);
    const sent = await postSlashCommand(
      h.eventsUrl,
      SIGNING_SECRET,
      slashCommand({
        text: 'check',
        command: '/guarded',
        user_id: 'U0OPER',
        channel_id: 'C0FUTURE',
        response_url: h.fake.responseUrl(),
        trigger_id: 'trigger-from-the-future',
      }),
      { timestamp: Math.floor(Date.now() / 1000) + 3600 },
    );
    expect(sent.status).toBe(401);
    // A request dated now, sent after it, runs once: so the first one never will.
    await runAndWait('/guarded', 'check', 'U0OPER', 'C0FUTURE');
    expect(lines(log)).toBe(before + 1);
  });

  it('still accepts a request dated a little ahead (clock skew within 5 minutes)', async () => {
    const sent = await postSlashCommand(
      h.eventsUrl,
      SIGNING_SECRET,
      slashCommand({
        text: 'help',
        command: '/guarded',
        user_id: 'U0OPER',
        channel_id: 'C0FUTURE',
        response_url: h.fake.responseUrl(),
        trigger_id: 'trigger-slightly-ahead',
      }),
      { timestamp: Math.floor(Date.now() / 1000) + 60 },
    );
    expect(sent.status).toBe(200);
  });
});
