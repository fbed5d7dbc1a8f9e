import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { type PageEvent, PageRetryableError } from '../../src/core/pages/page-types.ts';
import type { Clock } from '../../src/core/ports.ts';
import { createPageSender } from '../../src/pages/create-page-sender.ts';
import { signWebhook } from '../../src/pages/webhook-client.ts';

/** Sleeps return at once; the waits asked for are kept so a test can read the backoff. */
function recordingClock(): Clock & { waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    now: () => Date.UTC(2026, 11, 2, 3, 0, 0),
    sleep: async (ms) => {
      waits.push(ms);
    },
    setTimer: () => () => undefined,
  };
}

const trigger: PageEvent = {
  action: 'trigger',
  dedupKey: 'runbook-bot:api-down:12:0:devops-lead',
  summary: 'API DOWN #12: escalation to DevOps Lead after 15 min',
  source: 'api-down',
  severity: 'critical',
  details: { incident: '12', channel: 'C0123ABCD', role: 'DevOps Lead' },
  incident: { id: 12, runbook: 'api-down', channel: 'C0123ABCD' },
  role: 'DevOps Lead',
};
const resolve: PageEvent = { ...trigger, action: 'resolve' };

const env = {
  PD_KEY: 'R0UT1NGKEY000000000000000000000',
  OG_KEY: 'og-secret-key',
  HOOK_SECRET: 'hook-secret',
  PAGERDUTY_EVENTS_URL: 'https://events.example.test/v2/enqueue',
  OPSGENIE_API_URL: 'https://api.eu.opsgenie.example.test',
};

afterEach(() => {
  nock.cleanAll();
});

describe('PagerDuty Events API v2', () => {
  it('sends a trigger with routing key, dedup key and payload, and reads 202 as accepted', async () => {
    const scope = nock('https://events.example.test', { reqheaders: { 'content-type': 'application/json' } })
      .post('/v2/enqueue', {
        routing_key: env.PD_KEY,
        event_action: 'trigger',
        dedup_key: trigger.dedupKey,
        payload: {
          summary: trigger.summary,
          source: 'api-down',
          severity: 'critical',
          component: 'api-down',
          group: 'DevOps Lead',
          class: 'incident escalation',
          custom_details: trigger.details,
        },
        client: 'runbook-bot',
      })
      .reply(202, { status: 'success', message: 'Event processed', dedup_key: trigger.dedupKey });
    const send = createPageSender({ clock: recordingClock(), env });
    const outcome = await send({ kind: 'pagerduty', routingKeyEnv: 'PD_KEY' }, trigger);
    expect(outcome).toEqual({ accepted: true, status: 202, detail: '202 Event processed' });
    expect(scope.isDone()).toBe(true);
  });

  it('resolves with only the routing key, the action and the same dedup key', async () => {
    const scope = nock('https://events.example.test')
      .post('/v2/enqueue', { routing_key: env.PD_KEY, event_action: 'resolve', dedup_key: trigger.dedupKey })
      .reply(202, { status: 'success', message: 'Event processed', dedup_key: trigger.dedupKey });
    const outcome = await createPageSender({ clock: recordingClock(), env })(
      { kind: 'pagerduty', routingKeyEnv: 'PD_KEY' },
      resolve,
    );
    expect(outcome.accepted).toBe(true);
    expect(scope.isDone()).toBe(true);
  });

  it('retries 429 (honouring Retry-After) and 5xx, then accepts', async () => {
    const scope = nock('https://events.example.test')
      .post('/v2/enqueue')
      .reply(429, { status: 'throttle' }, { 'retry-after': '3' })
      .post('/v2/enqueue')
      .reply(503, 'unavailable')
      .post('/v2/enqueue')
      .reply(202, { status: 'success', message: 'Event processed' });
    const clock = recordingClock();
    const outcome = await createPageSender({ clock, env, attempts: 3, backoffMs: 1000 })(
      { kind: 'pagerduty', routingKeyEnv: 'PD_KEY' },
      trigger,
    );
    expect(outcome.accepted).toBe(true);
    expect(clock.waits).toEqual([3000, 2000]);
    expect(scope.isDone()).toBe(true);
  });

  it('gives up for now with a retryable error when every attempt got a 5xx', async () => {
    nock('https://events.example.test').post('/v2/enqueue').times(2).reply(502, 'bad gateway');
    const send = createPageSender({ clock: recordingClock(), env, attempts: 2 });
    const failure = await send({ kind: 'pagerduty', routingKeyEnv: 'PD_KEY' }, trigger).catch(
      (error) => error,
    );
    expect(failure).toBeInstanceOf(PageRetryableError);
    expect((failure as PageRetryableError).status).toBe(502);
  });

  it('treats a 400 as a final refusal with PagerDuty’s reason, without retrying', async () => {
    const scope = nock('https://events.example.test')
      .post('/v2/enqueue')
      .reply(400, {
        status: 'invalid event',
        message: 'Event object is invalid',
        errors: ['Length of routing_key is incorrect'],
      });
    const outcome = await createPageSender({ clock: recordingClock(), env })(
      { kind: 'pagerduty', routingKeyEnv: 'PD_KEY' },
      trigger,
    );
    expect(outcome).toEqual({
      accepted: false,
      status: 400,
      detail: '400 Event object is invalid: Length of routing_key is incorrect',
    });
    expect(scope.isDone()).toBe(true);
  });

  it('makes no call at all when the key variable is not set', async () => {
    const scope = nock('https://events.example.test').post('/v2/enqueue').reply(202, {});
    const outcome = await createPageSender({ clock: recordingClock(), env })(
      { kind: 'pagerduty', routingKeyEnv: 'PD_KEY_MISSING' },
      trigger,
    );
    expect(outcome).toEqual({
      accepted: false,
      status: null,
      detail: 'PD_KEY_MISSING is not set; nothing was sent',
    });
    expect(scope.isDone()).toBe(false);
  });
});

describe('Opsgenie Alert API', () => {
  it('creates the alert with alias and the GenieKey header', async () => {
    const scope = nock('https://api.eu.opsgenie.example.test', {
      reqheaders: { authorization: 'GenieKey og-secret-key', 'content-type': 'application/json' },
    })
      .post('/v2/alerts', {
        message: trigger.summary,
        alias: trigger.dedupKey,
        description: 'incident: 12\nchannel: C0123ABCD\nrole: DevOps Lead',
        details: trigger.details,
        entity: 'api-down',
        source: 'runbook-bot',
        priority: 'P1',
        tags: ['runbook-bot', 'api-down'],
      })
      .reply(202, { result: 'Request will be processed', took: 0.302, requestId: '43a29c5c' });
    const outcome = await createPageSender({ clock: recordingClock(), env })(
      { kind: 'opsgenie', apiKeyEnv: 'OG_KEY' },
      trigger,
    );
    expect(outcome).toEqual({ accepted: true, status: 202, detail: '202 Request will be processed' });
    expect(scope.isDone()).toBe(true);
  });

  it('closes by alias on resolve', async () => {
    const scope = nock('https://api.eu.opsgenie.example.test', {
      reqheaders: { authorization: 'GenieKey og-secret-key' },
    })
      .post(`/v2/alerts/${encodeURIComponent(trigger.dedupKey)}/close`, {
        source: 'runbook-bot',
        note: 'incident #12 resolved',
      })
      .query({ identifierType: 'alias' })
      .reply(202, { result: 'Request will be processed' });
    const outcome = await createPageSender({ clock: recordingClock(), env })(
      { kind: 'opsgenie', apiKeyEnv: 'OG_KEY' },
      resolve,
    );
    expect(outcome.accepted).toBe(true);
    expect(scope.isDone()).toBe(true);
  });

  it('retries 429 and 500, and refuses a 422 without retrying', async () => {
    const retried = nock('https://api.eu.opsgenie.example.test')
      .post('/v2/alerts')
      .reply(429, { message: 'rate limited' })
      .post('/v2/alerts')
      .reply(500, { message: 'oops' })
      .post('/v2/alerts')
      .reply(202, { result: 'Request will be processed' });
    const clock = recordingClock();
    const send = createPageSender({ clock, env, attempts: 3, backoffMs: 500 });
    expect((await send({ kind: 'opsgenie', apiKeyEnv: 'OG_KEY' }, trigger)).accepted).toBe(true);
    expect(clock.waits).toEqual([500, 1000]);
    expect(retried.isDone()).toBe(true);

    const refused = nock('https://api.eu.opsgenie.example.test')
      .post('/v2/alerts')
      .reply(422, { message: 'Message can not be empty.' });
    const outcome = await send({ kind: 'opsgenie', apiKeyEnv: 'OG_KEY' }, trigger);
    expect(outcome).toEqual({ accepted: false, status: 422, detail: '422 Message can not be empty.' });
    expect(refused.isDone()).toBe(true);
  });

  it('makes no call at all when the key variable is not set', async () => {
    const scope = nock('https://api.eu.opsgenie.example.test').post('/v2/alerts').reply(202, {});
    const outcome = await createPageSender({ clock: recordingClock(), env: { ...env, OG_KEY: ' ' } })(
      { kind: 'opsgenie', apiKeyEnv: 'OG_KEY' },
      trigger,
    );
    expect(outcome).toEqual({ accepted: false, status: null, detail: 'OG_KEY is not set; nothing was sent' });
    expect(scope.isDone()).toBe(false);
  });
});

describe('signed webhook', () => {
  it('signs timestamp and exact body with HMAC-SHA256', async () => {
    let seen: { body: string; signature: string; timestamp: string } | null = null;
    nock('https://hooks.example.test')
      .post('/page')
      .reply(function (_uri, body) {
        seen = {
          body: typeof body === 'string' ? body : JSON.stringify(body),
          signature: String(this.req.headers['x-runbook-bot-signature']),
          timestamp: String(this.req.headers['x-runbook-bot-timestamp']),
        };
        return [204, ''];
      });
    const clock = recordingClock();
    const outcome = await createPageSender({ clock, env })(
      { kind: 'webhook', url: 'https://hooks.example.test/page', secretEnv: 'HOOK_SECRET' },
      trigger,
    );
    expect(outcome.accepted).toBe(true);
    expect(seen).not.toBeNull();
    const { body, signature, timestamp } = seen as unknown as {
      body: string;
      signature: string;
      timestamp: string;
    };
    expect(timestamp).toBe(String(clock.now() / 1000));
    expect(signature).toBe(signWebhook('hook-secret', timestamp, body));
    expect(JSON.parse(body)).toMatchObject({
      action: 'trigger',
      dedupKey: trigger.dedupKey,
      role: 'DevOps Lead',
    });
  });

  it('makes no call without its secret', async () => {
    const scope = nock('https://hooks.example.test').post('/page').reply(204);
    const outcome = await createPageSender({ clock: recordingClock(), env: {} })(
      { kind: 'webhook', url: 'https://hooks.example.test/page', secretEnv: 'HOOK_SECRET' },
      trigger,
    );
    expect(outcome.accepted).toBe(false);
    expect(scope.isDone()).toBe(false);
  });
});
