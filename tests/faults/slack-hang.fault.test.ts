import { WebClient } from '@slack/web-api';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatDeps } from '../../src/core/chat/chat-deps.ts';
import { deliverPending, sendOnce } from '../../src/core/outbox/outbox.ts';
import { systemClock } from '../../src/core/ports.ts';
import { createSlackChat } from '../../src/slack/slack-chat.ts';
import { createSlackGateway, type SlackGateway, webClientOptions } from '../../src/slack/slack-gateway.ts';
import type { Store } from '../../src/store/store.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.ts';
import { openTempStore } from '../support/temp-data-dir.ts';

/**
 * Guards: the WebClient timeout (webClientOptions), the pacer that a hanging call cannot hold
 * (pace-per-channel maxHoldMs), single-attempt outbox delivery (gateway.deliver: a 429 throws at
 * once instead of sleeping on Retry-After inside the lease) and the lease renewed while in flight.
 */
const TIMEOUT_MS = 400;

function gatewayFor(fake: FakeSlack, clock = systemClock): SlackGateway {
  const client = new WebClient(
    'xoxb-fake',
    webClientOptions({ slackApiUrl: fake.url, timeoutMs: TIMEOUT_MS, retries: 0 }),
  );
  return createSlackGateway({
    client,
    clock: systemClock,
    timeoutMs: TIMEOUT_MS,
    messageIntervalMs: clock === systemClock ? 50 : 0,
  });
}

describe('fault: a Web API call that never answers', () => {
  let fake: FakeSlack;
  beforeEach(async () => {
    fake = await startFakeSlack({ token: 'xoxb-fake' });
  });
  afterEach(async () => fake.stop());

  it('times out; later posts to the same channel and to other channels go out meanwhile', async () => {
    const gateway = gatewayFor(fake);
    fake.failNext({ method: 'chat.postMessage', hang: true });
    // (the WebClient logs one warning for the aborted request)
    const order: string[] = [];
    const hung = gateway.post({ channel: 'C0HANG', text: 'first' }).then(
      () => order.push('first posted'),
      () => order.push('first timed out'),
    );
    const other = gateway
      .post({ channel: 'C0OTHER', text: 'elsewhere' })
      .then(() => order.push('other channel'));
    const same = gateway.post({ channel: 'C0HANG', text: 'second' }).then(() => order.push('same channel'));
    await Promise.all([hung, other, same]);

    expect(order[0]).toBe('other channel'); // never waited for the hanging call
    expect(order).toContain('first timed out');
    expect(order).toContain('same channel');
    expect(fake.messages.map((m) => m.text).sort()).toEqual(['elsewhere', 'second']);
    expect(fake.callsTo('chat.postMessage').filter((call) => call.error === 'hang')).toHaveLength(1);
  }, 20_000);
});

describe('fault: an outbox message answered 429 with a Retry-After longer than the lease', () => {
  let fake: FakeSlack;
  let clock: FakeClock;
  let store: Store;
  let dispose: () => void;
  beforeEach(async () => {
    fake = await startFakeSlack({ token: 'xoxb-fake' });
    clock = new FakeClock();
    ({ store, dispose } = openTempStore(clock));
  });
  afterEach(async () => {
    dispose();
    await fake.stop();
  });

  /** A bot process as far as the outbox is concerned: its own gateway and store handle. */
  const processDeps = (): ChatDeps =>
    ({
      store,
      clock,
      chat: createSlackChat(gatewayFor(fake, clock), { attemptTimeoutMs: TIMEOUT_MS }),
      logger: pino({ level: 'silent' }),
    }) as unknown as ChatDeps;

  it('is posted exactly once, by one of two processes, after the Retry-After', async () => {
    const first = processDeps();
    const second = processDeps();
    // Retry-After 90 s: longer than any lease. The SDK must not sleep on it inside the attempt.
    fake.failNext({ method: 'chat.postMessage', status: 429, retryAfter: 90 });
    const sent = sendOnce(first, {
      key: 'final-report:1',
      incidentId: null,
      kind: 'final_report',
      to: { channel: 'C0RATE' },
      content: { kind: 'prerendered', message: { text: 'the final report' } },
    });
    await sent;
    expect(fake.messages).toHaveLength(0);

    // Both processes tick while time passes; the message is due again only after Retry-After.
    for (let step = 0; step < 6; step++) {
      await clock.advance(30_000);
      await Promise.all([deliverPending(first), deliverPending(second)]);
    }
    expect(fake.messages.map((m) => m.text)).toEqual(['the final report']);
    expect(store.pendingMessages(10)).toEqual([]);
    const rateLimited = fake.callsTo('chat.postMessage').filter((call) => call.error === 'ratelimited');
    expect(rateLimited).toHaveLength(1);
  }, 30_000);

  it('an answer lost after Slack posted it (5xx, applied): the retry finds it and posts nothing', async () => {
    const deps = processDeps();
    fake.failNext({ method: 'chat.postMessage', status: 503, applied: true });
    await sendOnce(deps, {
      key: 'final-report:2',
      incidentId: null,
      kind: 'final_report',
      to: { channel: 'C0LOST' },
      content: { kind: 'prerendered', message: { text: 'posted once' } },
    });
    expect(store.pendingMessages(10)).toEqual([]); // not due yet: backoff
    await clock.advance(60_000);
    await deliverPending(deps);
    expect(fake.messages.map((m) => m.text)).toEqual(['posted once']);
    expect(store.pendingMessages(10)).toEqual([]);
    expect(fake.callsTo('conversations.history')).toHaveLength(1);
  }, 30_000);
});
