import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/ports.ts';
import { createRedactor } from '../../src/exec/redact/create-redactor.ts';
import { redactingGateway } from '../../src/slack/redacting-gateway.ts';
import type { SlackGateway } from '../../src/slack/slack-gateway.ts';
import { redactingStore } from '../../src/store/redacting-store.ts';
import { openStore } from '../../src/store/sqlite-store.ts';

/** The two boundaries every shown or stored command crosses: the Slack gateway and the store. */
const KNOWN = 'known-secret-value-42';
const redact = createRedactor({ secrets: [KNOWN] });
const COMMAND = `PGPASSWORD=pw-7788 psql -h db -c 'select 1' && curl "http://x/?apikey=ak-991" # ${KNOWN}`;
const SHOWN = `PGPASSWORD=[set, 7 chars] psql -h db -c 'select 1' && curl "http://x/?apikey=[redacted]" # [redacted]`;

describe('redacting store', () => {
  it('stores timeline commands, incident fields and outbox payloads redacted; keys and ids as given', () => {
    const raw = openStore({
      file: join(mkdtempSync(join(tmpdir(), 'rb-store-')), 'db.sqlite'),
      clock: systemClock,
    });
    const store = redactingStore(raw, redact);
    const { incident } = store.openIncident({ runbook: 'api', channel: 'C1', openedBy: 'U1' });
    store.appendTimeline({
      incidentId: incident.id,
      actor: 'U1',
      kind: 'approval_requested',
      summary: `asked to run ${COMMAND}`,
      data: { commands: [COMMAND], nested: { deeper: [{ command: COMMAND }] } },
    });
    const key = `verdicts:${incident.id}:${KNOWN}`;
    const { id } = store.enqueueMessage({
      key,
      incidentId: incident.id,
      kind: 'x',
      payload: { text: COMMAND },
    });
    store.saveReport(incident.id, { rootCause: `leaked ${KNOWN}` });

    const [entry] = raw.listTimeline(incident.id);
    expect(entry?.summary).toBe(`asked to run ${SHOWN}`);
    expect(JSON.stringify(entry?.data)).not.toMatch(/pw-7788|ak-991|known-secret/);
    expect(entry?.data).toEqual({ commands: [SHOWN], nested: { deeper: [{ command: SHOWN }] } });
    expect(raw.getMessage(id)).toMatchObject({ key, payload: { text: SHOWN } });
    expect(JSON.stringify(raw.getIncident(incident.id))).not.toContain(KNOWN);
    raw.close();
  });
});

describe('redacting gateway', () => {
  it('redacts messages, cards, files and modals; outbox keys, channels and triggers pass as given', async () => {
    const seen: unknown[][] = [];
    const record =
      (name: string) =>
      async (...args: unknown[]) => {
        seen.push([name, ...args]);
        return 'ts';
      };
    const inner = new Proxy({} as SlackGateway, { get: (_target, name) => record(String(name)) });
    const gateway = redactingGateway(inner, redact);
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: `\`${COMMAND}\`` } }];
    await gateway.post({ channel: 'C1', text: COMMAND, blocks });
    await gateway.upload({
      channel: 'C1',
      threadTs: '1.2',
      filename: 'out.txt',
      title: 't',
      content: COMMAND,
    });
    await gateway.openView(`trigger-${KNOWN}`, { blocks });
    await gateway.deliver({ channel: 'C1', text: COMMAND }, `key-${KNOWN}`);

    const text = JSON.stringify(seen);
    expect(text).not.toMatch(/pw-7788|ak-991/);
    expect(seen[0]).toEqual([
      'post',
      {
        channel: 'C1',
        text: SHOWN,
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `\`${SHOWN}\`` } }],
      },
    ]);
    expect(seen[1]?.[1]).toMatchObject({ content: SHOWN, filename: 'out.txt' });
    expect(seen[2]?.[1]).toBe(`trigger-${KNOWN}`);
    expect(seen[3]?.[2]).toBe(`key-${KNOWN}`);
  });
});
