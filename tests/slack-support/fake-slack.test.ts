import { LogLevel, type WebAPIPlatformError, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from '../../src/demo/emulator/slack-emulator.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.ts';
import { blockAction } from '../support/slack-payloads.ts';

const noRetries = { retries: 0 };

describe('fake Slack driven by the real WebClient', () => {
  let fake: FakeSlack;
  let client: WebClient;

  beforeEach(async () => {
    fake = await startFakeSlack({ userGroups: { S222: ['U333'] }, notInChannels: ['C0OUT'] });
    client = new WebClient('xoxb-fake', { slackApiUrl: fake.url, retryConfig: noRetries });
  });
  afterEach(() => fake.stop());

  it('answers auth.test like Slack', async () => {
    const auth = await client.auth.test();
    expect(auth).toMatchObject({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0FAKE' });
    expect(fake.callsTo('auth.test')[0]).toMatchObject({ token: 'xoxb-fake', status: 200, ok: true });
  });

  it('posts, threads and updates, with unique increasing ts and parsed blocks', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*API DOWN*' } }];
    const card = await client.chat.postMessage({ channel: 'C0123', text: 'API DOWN', blocks });
    expect(card).toMatchObject({ ok: true, channel: 'C0123', ts: '1764424800.000100' });
    const reply = await client.chat.postMessage({
      channel: 'C0123',
      thread_ts: card.ts,
      text: 'diagnóstico',
    });
    expect(reply.ts).toBe('1764424800.000200');
    expect(Number(reply.ts) > Number(card.ts)).toBe(true);

    await client.chat.update({ channel: 'C0123', ts: card.ts!, text: 'resolvido', blocks: [] });
    expect(fake.channelMessages('C0123')).toEqual([
      expect.objectContaining({ ts: card.ts, text: 'resolvido', blocks: [], updates: 1, user: 'UBOT' }),
    ]);
    expect(fake.threadReplies('C0123', card.ts!)).toEqual([
      expect.objectContaining({ text: 'diagnóstico', thread_ts: card.ts }),
    ]);
    // The recorded call has blocks as data, not a JSON string.
    expect(fake.callsTo('chat.postMessage')[0]?.args.blocks).toEqual(blocks);

    const link = await client.chat.getPermalink({ channel: 'C0123', message_ts: reply.ts! });
    expect(link.permalink).toContain(`thread_ts=${card.ts}`);
  });

  it('answers Slack errors with HTTP 200 and ok:false', async () => {
    const platformError = (promise: Promise<unknown>) =>
      promise.then(
        () => 'no error',
        (error: WebAPIPlatformError) => error.data.error,
      );
    expect(await platformError(client.chat.postMessage({ channel: 'C0OUT', text: 'x' }))).toBe(
      'not_in_channel',
    );
    expect(await platformError(client.chat.postMessage({ channel: 'nope', text: 'x' }))).toBe(
      'channel_not_found',
    );
    expect(
      await platformError(client.chat.postMessage({ channel: 'C0123', thread_ts: '1.2', text: 'x' })),
    ).toBe('thread_not_found');
    expect(await platformError(client.chat.update({ channel: 'C0123', ts: '9.9', text: 'x' }))).toBe(
      'message_not_found',
    );
    expect(await platformError(client.apiCall('does.not.exist'))).toBe('unknown_method');
    const wrongToken = new WebClient('xoxb-wrong', { slackApiUrl: fake.url, retryConfig: noRetries });
    expect(await platformError(wrongToken.auth.test())).toBe('invalid_auth');
    expect(fake.calls.every((call) => call.status === 200)).toBe(true);
    expect(fake.messages).toEqual([]);
  });

  it('answers ephemerals, views, user groups, users and conversations', async () => {
    const ephemeral = await client.chat.postEphemeral({ channel: 'C0123', user: 'U111', text: 'só você' });
    expect(ephemeral.message_ts).toBeTruthy();
    expect(fake.ephemerals).toEqual([expect.objectContaining({ user: 'U111', text: 'só você' })]);

    const view = {
      type: 'modal' as const,
      callback_id: 'report',
      title: { type: 'plain_text' as const, text: 'R' },
      blocks: [],
    };
    const opened = await client.views.open({ trigger_id: '1.2.abc', view });
    expect(opened.view?.id).toMatch(/^V/);
    await client.views.update({ view_id: opened.view!.id!, view: { ...view, callback_id: 'report-2' } });
    expect(fake.views[0]).toMatchObject({ updates: 1, view: { callback_id: 'report-2' } });

    expect((await client.usergroups.users.list({ usergroup: 'S222' })).users).toEqual(['U333']);
    fake.setUserGroup('S222', ['U333', 'U444']);
    expect((await client.usergroups.users.list({ usergroup: 'S222' })).users).toEqual(['U333', 'U444']);
    expect((await client.users.info({ user: 'U111' })).user).toMatchObject({
      id: 'U111',
      tz: 'America/Sao_Paulo',
    });
    expect((await client.conversations.info({ channel: 'C0OUT' })).channel).toMatchObject({
      is_member: false,
    });
  });

  it('uploads a file with files.uploadV2 end to end (three calls)', async () => {
    const card = await client.chat.postMessage({ channel: 'C0123', text: 'card' });
    const content = `${'linha de log\n'.repeat(1000)}fim`;
    const result = await client.filesUploadV2({
      channel_id: 'C0123',
      thread_ts: card.ts!,
      filename: 'diagnose.txt',
      title: 'saída completa',
      content,
      initial_comment: 'saída completa',
    });
    expect(result.ok).toBe(true);
    expect(fake.calls.map((call) => call.method).slice(1)).toEqual([
      'files.getUploadURLExternal',
      'upload',
      'files.completeUploadExternal',
    ]);
    expect(fake.files).toHaveLength(1);
    expect(fake.files[0]).toMatchObject({
      filename: 'diagnose.txt',
      title: 'saída completa',
      channel: 'C0123',
      thread_ts: card.ts,
      initial_comment: 'saída completa',
    });
    expect(fake.files[0]?.content.toString('utf8')).toBe(content);
  });

  it('serves response_url: records posts and accepts five', async () => {
    const url = fake.responseUrl();
    for (let i = 1; i <= 6; i++) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: `resposta ${i}`, response_type: 'ephemeral' }),
      });
      expect(response.status).toBe(i <= 5 ? 200 : 404);
    }
    expect(fake.responses.map((post) => post.accepted)).toEqual([true, true, true, true, true, false]);
    expect(fake.responses[0]).toMatchObject({
      url,
      body: { text: 'resposta 1', response_type: 'ephemeral' },
    });
  });
});

describe('fake Slack faults', () => {
  let fake: FakeSlack;
  beforeEach(async () => {
    fake = await startFakeSlack();
  });
  afterEach(() => fake.stop());

  it('sends 429 with Retry-After, and the WebClient retries after it', async () => {
    const client = new WebClient('xoxb-fake', {
      slackApiUrl: fake.url,
      retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 20 },
      logLevel: LogLevel.ERROR,
    });
    fake.failNext({ method: 'chat.postMessage', status: 429, retryAfter: 1 });
    const started = Date.now();
    const posted = await client.chat.postMessage({ channel: 'C0123', text: 'depois do 429' });
    expect(posted.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    const calls = fake.callsTo('chat.postMessage');
    expect(calls.map((call) => [call.status, call.injected])).toEqual([
      [429, true],
      [200, false],
    ]);
    expect(fake.messages).toHaveLength(1);
  });

  it('injects 5xx (optionally after doing the work) and Slack error codes', async () => {
    const client = new WebClient('xoxb-fake', { slackApiUrl: fake.url, retryConfig: { retries: 0 } });
    fake.failNext({ status: 500 });
    await expect(client.chat.postMessage({ channel: 'C0123', text: 'a' })).rejects.toMatchObject({
      code: 'slack_webapi_http_error',
      statusCode: 500,
    });
    expect(fake.messages).toHaveLength(0);

    fake.failNext({ status: 503, applied: true });
    await expect(client.chat.postMessage({ channel: 'C0123', text: 'lost ack' })).rejects.toThrow();
    expect(fake.messages.map((m) => m.text)).toEqual(['lost ack']);

    fake.failNext({ method: 'chat.update', error: 'not_in_channel' });
    await expect(client.chat.postMessage({ channel: 'C0123', text: 'b' })).resolves.toMatchObject({
      ok: true,
    });
    await expect(
      client.chat.update({ channel: 'C0123', ts: fake.messages[0]!.ts, text: 'c' }),
    ).rejects.toMatchObject({
      data: { error: 'not_in_channel' },
    });
  });

  it('fails a seeded share of calls, the same way for the same seed', async () => {
    const run = async (seed: number) => {
      const local = await startFakeSlack();
      const client = new WebClient('xoxb-fake', { slackApiUrl: local.url, retryConfig: { retries: 0 } });
      local.failRate({ ratio: 0.3, seed, kinds: [{ status: 500 }, { error: 'ratelimited' }] });
      const outcomes: boolean[] = [];
      for (let i = 0; i < 40; i++) {
        outcomes.push(
          await client.chat.postMessage({ channel: 'C0123', text: `m${i}` }).then(
            () => true,
            () => false,
          ),
        );
      }
      await local.stop();
      return outcomes;
    };
    const first = await run(7);
    expect(await run(7)).toEqual(first);
    const failures = first.filter((ok) => !ok).length;
    expect(failures).toBeGreaterThan(4);
    expect(failures).toBeLessThan(24);
  });
});

describe('fake Slack is as strict as Slack where it matters', () => {
  let fake: SlackEmulator;
  let client: WebClient;
  const clock = new FakeClock();
  const code = (promise: Promise<unknown>) =>
    promise.then(
      () => 'ok',
      (error: WebAPIPlatformError) => error.data.error,
    );

  beforeEach(async () => {
    fake = await startSlackEmulator({ clock, channelMembers: { C0123: ['U111', 'UBOT'] } });
    client = new WebClient('xoxb-fake', { slackApiUrl: fake.url, retryConfig: noRetries });
  });
  afterEach(() => fake.stop());

  it('answers user_not_in_channel to an ephemeral for someone who is not a member', async () => {
    expect(await code(client.chat.postEphemeral({ channel: 'C0123', user: 'U111', text: 'x' }))).toBe('ok');
    expect(await code(client.chat.postEphemeral({ channel: 'C0123', user: 'U999', text: 'x' }))).toBe(
      'user_not_in_channel',
    );
    fake.setChannelMembers('C0123', ['U111', 'U999']);
    expect(await code(client.chat.postEphemeral({ channel: 'C0123', user: 'U999', text: 'x' }))).toBe('ok');
    // A channel without a member list has everyone in it.
    expect(await code(client.chat.postEphemeral({ channel: 'C0OTHER', user: 'U999', text: 'x' }))).toBe('ok');
    expect(fake.ephemerals.map((e) => e.user)).toEqual(['U111', 'U999', 'U999']);
  });

  it('takes a trigger_id for 3 seconds only', async () => {
    const view = { type: 'modal', title: { type: 'plain_text', text: 'Relatório' }, blocks: [] } as never;
    const fresh = fake.triggerId();
    await clock.advance(2_999);
    expect(await code(client.views.open({ trigger_id: fresh, view }))).toBe('ok');
    const stale = fake.triggerId();
    await clock.advance(3_001);
    expect(await code(client.views.open({ trigger_id: stale, view }))).toBe('expired_trigger_id');
  });

  it('rejects the token on demand, auth.test included, until told otherwise', async () => {
    fake.setTokenError('invalid_auth');
    expect(await code(client.auth.test())).toBe('invalid_auth');
    expect(await code(client.chat.postMessage({ channel: 'C0123', text: 'x' }))).toBe('invalid_auth');
    fake.setTokenError(null);
    expect(await code(client.auth.test())).toBe('ok');
  });

  it('validates Block Kit against the documented limits', async () => {
    const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
    const button = (text: string, actionId = 'a') => ({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text }, action_id: actionId }],
    });
    const post = (blocks: unknown[]) =>
      client.chat.postMessage({ channel: 'C0123', text: 'fallback', blocks: blocks as never });
    const refusal = async (blocks: unknown[]) => {
      const error = (await post(blocks).catch((caught: unknown) => caught)) as WebAPIPlatformError;
      return { error: error.data?.error, errors: (error.data as { errors?: string[] })?.errors ?? [] };
    };

    expect(await refusal([])).toMatchObject({
      error: 'invalid_blocks',
      errors: [expect.stringContaining('/blocks]')],
    });
    expect(await code(post(Array.from({ length: 50 }, () => section('x'))))).toBe('ok');
    expect((await refusal(Array.from({ length: 51 }, () => section('x')))).error).toBe('invalid_blocks');
    expect(await code(post([section('x'.repeat(3000))]))).toBe('ok');
    expect((await refusal([section('x'.repeat(3001))])).errors[0]).toContain('/blocks/0/text/text');
    expect(await code(post([button('b'.repeat(75))]))).toBe('ok');
    expect((await refusal([button('b'.repeat(76))])).errors[0]).toContain('/blocks/0/elements/0/text/text');
    expect((await refusal([button('ok', 'a'.repeat(256))])).errors[0]).toContain('action_id');
    expect(
      (await refusal([{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }])).error,
    ).toBe('invalid_blocks');
    // chat.update documents `blocks: []` (it clears the blocks).
    const { ts } = await client.chat.postMessage({ channel: 'C0123', text: 'x' });
    expect(await code(client.chat.update({ channel: 'C0123', ts: ts!, text: 'y', blocks: [] }))).toBe('ok');
    expect(
      await code(
        client.chat.postEphemeral({ channel: 'C0123', user: 'U111', text: 'x', blocks: [] as never }),
      ),
    ).toBe('invalid_blocks');
    // A modal title has 24 characters at most.
    const longTitle = {
      type: 'modal',
      title: { type: 'plain_text', text: 't'.repeat(25) },
      blocks: [],
    } as never;
    expect(await code(client.views.open({ trigger_id: fake.triggerId(), view: longTitle }))).toBe(
      'invalid_arguments',
    );
  });

  it('lets a response_url be used 5 times within 30 minutes', async () => {
    const post = (url: string, body: Record<string, unknown> = { text: 'r', response_type: 'ephemeral' }) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const late = fake.responseUrl();
    await clock.advance(30 * 60_000);
    expect((await post(late)).status).toBe(200);
    await clock.advance(1);
    const expired = await post(late);
    expect(expired.status).toBe(404);
    expect(await expired.json()).toMatchObject({ error: 'expired_url' });
    const fresh = fake.responseUrl();
    expect((await post(fresh, { text: 'r', blocks: [] })).status).toBe(400);
    expect(fake.responses.at(-1)).toMatchObject({ url: fresh, accepted: false });
  });

  it('builds ephemeral-click payloads without `message`, as Slack sends them', () => {
    const click = blockAction({ action_id: 'diagnose', ephemeral: true, thread_ts: '1764424800.000100' });
    expect(click).not.toHaveProperty('message');
    expect(click.container).toMatchObject({ is_ephemeral: true, thread_ts: '1764424800.000100' });
    expect(blockAction({ action_id: 'diagnose' })).toHaveProperty('message');
  });
});
