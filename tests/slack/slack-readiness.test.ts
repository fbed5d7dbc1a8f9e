import { EventEmitter } from 'node:events';
import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { createHealth } from '../../src/observability/health.ts';
import { describeSlackFailure } from '../../src/slack/describe-slack-failure.ts';
import { backoffDelay, retryWithBackoff } from '../../src/slack/retry-with-backoff.ts';
import { createSlackConnection } from '../../src/slack/slack-connection.ts';
import { trackSocket } from '../../src/slack/track-socket.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.ts';

function healthOf(connection: ReturnType<typeof createSlackConnection>) {
  return createHealth({ checks: { slack: () => connection.status(), database: () => true } });
}

describe('Socket Mode readiness follows the socket', () => {
  it('is ready only while the socket is connected, with the reason while it is down', async () => {
    // The SocketModeClient is an EventEmitter with these lifecycle events (@slack/socket-mode 3).
    const socket = new EventEmitter();
    const connection = createSlackConnection();
    trackSocket(socket, connection);
    const health = healthOf(connection);
    connection.tokenVerified();

    socket.emit('connecting');
    expect((await health.handle()).body).toMatchObject({
      ready: false,
      reason: 'Socket Mode: connecting to Slack',
    });
    socket.emit('authenticated', { url: 'wss://x' });
    socket.emit('connected');
    expect(await health.handle()).toMatchObject({ status: 200, body: { ready: true } });

    socket.emit('close');
    const dropped = await health.handle();
    expect(dropped.status).toBe(503);
    expect(dropped.body.reason).toMatch(/closed; reconnecting/);
    socket.emit('reconnecting');
    expect((await health.handle()).body.reason).toBe('Socket Mode: reconnecting to Slack');

    socket.emit('connected');
    expect((await health.handle()).status).toBe(200);
    socket.emit('disconnected');
    expect((await health.handle()).body).toMatchObject({
      ready: false,
      reason: 'Socket Mode: disconnected from Slack',
    });
  });

  it('ignores the close of an old socket while the current one is open', async () => {
    const socket = Object.assign(new EventEmitter(), { websocket: { isActive: () => true } });
    const connection = createSlackConnection();
    trackSocket(socket, connection);
    connection.tokenVerified();
    socket.emit('connected');
    socket.emit('close');
    expect((await healthOf(connection).handle()).status).toBe(200);
  });

  it('reports the token first: a connected socket with a refused token is not ready', async () => {
    const connection = createSlackConnection();
    connection.transportUp();
    expect((await healthOf(connection).handle()).body.reason).toBe('checking the Slack token (auth.test)');
    connection.tokenRejected('Slack rejected the token (invalid_auth)');
    expect((await healthOf(connection).handle()).body.reason).toBe('Slack rejected the token (invalid_auth)');
  });
});

describe('start-up token check', () => {
  let fake: FakeSlack | undefined;
  afterEach(() => fake?.stop());

  it('waits 1 s, 2 s, 4 s … between attempts, capped at 5 minutes', () => {
    expect([1, 2, 3, 4].map((failures) => backoffDelay(failures))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(9)).toBe(256_000);
    expect(backoffDelay(10)).toBe(300_000);
    expect(backoffDelay(500)).toBe(300_000);
  });

  it('retries on the injected clock until the attempt succeeds, and stops when told', async () => {
    const clock = new FakeClock();
    let failuresLeft = 3;
    const waits: number[] = [];
    const retrying = retryWithBackoff({
      clock,
      attempt: async () => {
        if (failuresLeft-- > 0) throw new Error('nope');
      },
      onFailure: (_error, wait) => waits.push(wait),
    });
    expect(await retrying.first).toBe(false);
    let done = false;
    void retrying.succeeded.then(() => {
      done = true;
    });
    await clock.advance(1000);
    await clock.advance(2000);
    expect(done).toBe(false);
    await clock.advance(4000);
    expect(done).toBe(true);
    expect(waits).toEqual([1000, 2000, 4000]);

    let attempts = 0;
    const stopped = retryWithBackoff({
      clock,
      attempt: async () => {
        attempts += 1;
        throw new Error('always');
      },
      onFailure: () => {},
    });
    await stopped.first;
    stopped.stop();
    await clock.advance(600_000);
    expect(attempts).toBe(1);
  });

  it('describes a refused token by its Slack code, never with the token', async () => {
    fake = await startFakeSlack({ tokenError: 'invalid_auth' });
    const token = 'xoxb-fake';
    const client = new WebClient(token, { slackApiUrl: fake.url, retryConfig: { retries: 0 } });
    const error = await client.auth.test().catch((caught: unknown) => caught);
    const reason = describeSlackFailure(error, 'token');
    expect(reason).toBe('Slack rejected the token (invalid_auth)');
    expect(reason).not.toContain(token);
    const unreachable = new WebClient(token, {
      slackApiUrl: 'http://127.0.0.1:9/api/',
      retryConfig: { retries: 0 },
    });
    const offline = await unreachable.auth.test().catch((caught: unknown) => caught);
    expect(describeSlackFailure(offline, 'token')).toMatch(/^Slack could not be reached to check the token/);
  });
});
