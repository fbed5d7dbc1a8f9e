import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.ts';
import { postInteraction, postSlashCommand, retryHeaders } from '../support/signed-request.ts';
import { blockAction, slashCommand, viewSubmission } from '../support/slack-payloads.ts';

const secret = 'test-signing-secret';

/** A minimal Bolt 5 app on the HTTP receiver, pointed at the fake Slack: proves the support works with Bolt. */
async function startMinimalBot(fake: FakeSlack) {
  const receiver = new HTTPReceiver({ signingSecret: secret, logLevel: LogLevel.ERROR });
  const app = new App({
    token: fake.token ?? 'xoxb-fake',
    receiver,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: fake.url, retryConfig: { retries: 0 } },
  });
  const seen: { commands: string[]; retries: (number | undefined)[]; actions: string[]; views: string[] } = {
    commands: [],
    retries: [],
    actions: [],
    views: [],
  };
  app.command('/apidown', async ({ ack, command, client, respond, context }) => {
    await ack();
    seen.commands.push(command.text);
    seen.retries.push(context.retryNum);
    const card = await client.chat.postMessage({
      channel: command.channel_id,
      text: `card: ${command.text}`,
    });
    await client.chat.postMessage({ channel: command.channel_id, thread_ts: card.ts, text: 'no thread' });
    await respond({ response_type: 'ephemeral', text: 'ok' });
  });
  app.action('approve', async ({ ack, action }) => {
    await ack();
    if (action.type === 'button') seen.actions.push(action.value ?? '');
  });
  app.view('report', async ({ ack, view }) => {
    await ack();
    seen.views.push(view.state.values.cause?.text?.value ?? '');
  });
  const server = await app.start({ port: 0, host: '127.0.0.1' });
  const { port } = server.address() as AddressInfo;
  return { app, seen, url: `http://127.0.0.1:${port}/slack/events` };
}

describe('test support with a real Bolt 5 app', () => {
  let fake: FakeSlack;
  let bot: Awaited<ReturnType<typeof startMinimalBot>>;

  beforeEach(async () => {
    fake = await startFakeSlack();
    bot = await startMinimalBot(fake);
  });
  afterEach(async () => {
    await bot.app.stop();
    await fake.stop();
  });

  it('acks a signed slash command and posts through the fake', async () => {
    const responseUrl = fake.responseUrl();
    const fields = slashCommand({ text: 'diagnose', response_url: responseUrl });
    const response = await postSlashCommand(bot.url, secret, fields);
    expect(response.status).toBe(200);
    expect(response.ms).toBeLessThan(3_000);

    const reply = await fake.waitFor(() => fake.messages.find((m) => m.thread_ts));
    expect(fake.channelMessages('C0123').map((m) => m.text)).toEqual(['card: diagnose']);
    expect(reply.thread_ts).toBe(fake.channelMessages('C0123')[0]?.ts);
    await fake.waitFor(() => fake.responses.length === 1);
    expect(fake.responses[0]).toMatchObject({ url: responseUrl, body: { text: 'ok' }, accepted: true });
    expect(fake.callsTo('auth.test').length).toBeGreaterThanOrEqual(1);
    expect(bot.seen.retries).toEqual([undefined]);
  });

  it('passes Slack retry headers through as retryNum', async () => {
    const fields = slashCommand({ text: 'diagnose', response_url: fake.responseUrl() });
    await postSlashCommand(bot.url, secret, fields, { headers: retryHeaders(1) });
    await fake.waitFor(() => fake.responses.length === 1);
    expect(bot.seen.retries).toEqual([1]);
  });

  it('rejects a wrong signature, a missing one and an old timestamp with 401, running nothing', async () => {
    const fields = slashCommand({ text: 'restart' });
    const wrong = await postSlashCommand(bot.url, secret, fields, { signature: 'v0=deadbeef' });
    const missing = await postSlashCommand(bot.url, secret, fields, { signature: null });
    const wrongSecret = await postSlashCommand(bot.url, 'not-the-secret', fields);
    const old = await postSlashCommand(bot.url, secret, fields, {
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect([wrong.status, missing.status, wrongSecret.status, old.status]).toEqual([401, 401, 401, 401]);
    expect(bot.seen.commands).toEqual([]);
    expect(fake.callsTo('chat.postMessage')).toEqual([]);
  });

  it('delivers button clicks and modal submissions built by the payload helpers', async () => {
    const click = await postInteraction(
      bot.url,
      secret,
      blockAction({ action_id: 'approve', value: 'approval-1', user: 'U222' }),
    );
    expect(click.status).toBe(200);
    const submit = await postInteraction(
      bot.url,
      secret,
      viewSubmission({
        callback_id: 'report',
        private_metadata: '{"incidentId":1}',
        values: { cause: { text: 'Redis' } },
      }),
    );
    expect(submit.status).toBe(200);
    expect(bot.seen.actions).toEqual(['approval-1']);
    expect(bot.seen.views).toEqual(['Redis']);
  });
});
