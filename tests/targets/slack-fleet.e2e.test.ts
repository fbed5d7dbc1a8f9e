// `/fleet diagnose` in Slack over real sshd hosts: one card line per host, each host's verdicts in
// the thread; `diagnose api-2` runs on that host only; a change names exactly one host and its
// approval card says which.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type BotHarness, startBotHarness } from '../support/bot-harness.ts';
import { type SshLab, startSshLab } from '../support/ssh-hosts.ts';

const RUNBOOK = `# Fleet API down

## Diagnose

### Check the API health
\`\`\`bash
cat health.txt
\`\`\`

Expected: \`healthy\`

### Show the app config
\`\`\`bash
cat app.conf
\`\`\`

Expected: \`config ok\`

## Restart the API

\`\`\`bash
echo restarted >> restart.marker
\`\`\`
`;

const SECRET = 'slack-fleet-remote-secret-Zq7';

const textOf = (message: { text: string; blocks: unknown[] }) =>
  `${message.text}\n${JSON.stringify(message.blocks)}`;

describe('/fleet over SSH targets (fake Slack, real sshd)', { timeout: 180_000 }, () => {
  let lab: SshLab;
  let h: BotHarness;

  beforeAll(async () => {
    lab = await startSshLab(3);
    const dead = await lab.deadSpec();
    for (const [index, host] of lab.hosts.entries()) {
      writeFileSync(join(host.workdir, 'health.txt'), index === 1 ? 'unhealthy\n' : 'healthy\n');
      writeFileSync(join(host.workdir, '.env'), `DB_PASSWORD=${SECRET}${index}\n`, { mode: 0o600 });
      // api-2's config check fails and quotes its output, with the remote secret in it.
      writeFileSync(
        join(host.workdir, 'app.conf'),
        index === 1 ? `db pass ${SECRET}${index}\n` : 'config ok\n',
      );
    }
    h = await startBotHarness({
      extraRunbooks: {
        'fleet.md': RUNBOOK,
        'fleet.yml': stringify({
          command: '/fleet',
          locale: 'en',
          subcommands: { diagnose: 'diagnose', restart: 'restart-the-api' },
          approvers: { users: ['U222'], maxPerHour: 10 },
          targets: {
            'api-1': lab.targetSpec(lab.hosts[0]!),
            'api-2': lab.targetSpec(lab.hosts[1]!),
            'api-3': dead,
          },
        }),
      },
    });
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    await lab?.stop();
  });

  it('diagnoses every host at once: a line per host on the card, each host in the thread', async () => {
    await h.slash('diagnose', { command: '/fleet', channel: 'C0FLEET' });
    const card = await h.fake.waitFor(() => h.fake.channelMessages('C0FLEET')[0], 30_000);
    await h.fake.waitFor(
      () => (h.fake.threadReplies('C0FLEET', card.ts).length >= 3 ? true : undefined),
      60_000,
    );
    await h.settle();
    const cardNow = textOf(h.fake.channelMessages('C0FLEET')[0]!);
    expect(cardNow).toContain('✅ api-1 · ❌ api-2 unhealthy · ⚠️ api-3 unreachable');
    const thread = h.fake.threadReplies('C0FLEET', card.ts).map(textOf).join('\n');
    expect(thread).toContain('api-1');
    expect(thread).toMatch(/api-3 unreachable: .*refused/i);
    expect(thread).toContain('unhealthy');
    // The config check fails on purpose: its output (with the remote secret) is quoted in the thread.
    expect(thread).toContain('db pass [redacted]');
    // The remote .env's value is nowhere in what Slack received (messages, files, replies).
    const sent = JSON.stringify([
      h.fake.calls,
      h.fake.responses,
      h.fake.files.map((file) => file.content.toString('utf8')),
    ]);
    expect(sent).not.toContain(SECRET);
  });

  it('runs `diagnose api-2` on that host only', async () => {
    await h.slash('diagnose api-2', { command: '/fleet', channel: 'C0ONE' });
    const card = await h.fake.waitFor(() => h.fake.channelMessages('C0ONE')[0], 30_000);
    await h.fake.waitFor(() => h.fake.threadReplies('C0ONE', card.ts)[0], 60_000);
    await h.settle();
    expect(textOf(h.fake.channelMessages('C0ONE')[0]!)).toContain('❌ api-2 unhealthy');
    expect(textOf(h.fake.channelMessages('C0ONE')[0]!)).not.toContain('api-1');
  });

  it('a change without a host is refused; `restart api-2` asks approval for api-2', async () => {
    const before = h.fake.responses.length;
    await h.slash('restart', { command: '/fleet', channel: 'C0CHG' });
    const refusal = await h.fake.waitFor(() => h.fake.responses[before], 15_000);
    expect(JSON.stringify(refusal.body)).toMatch(/exactly one target/);

    await h.slash('restart api-2', { command: '/fleet', channel: 'C0CHG', user: 'U111' });
    const card = await h.fake.waitFor(() => h.fake.channelMessages('C0CHG')[0], 30_000);
    const approval = await h.fake.waitFor(
      () => h.fake.threadReplies('C0CHG', card.ts).find((message) => /api-2/.test(textOf(message))),
      60_000,
    );
    expect(textOf(approval)).toContain('Restart the API — api-2');
  });
});
