import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { DeliveryDeferred } from '../../src/core/outbox/outbox.ts';
import type { SlackMessage } from '../../src/render/slack/block-types.ts';
import { withErrorBoundary } from '../../src/slack/reply.ts';

async function replyTo(error: unknown): Promise<string> {
  const replies: SlackMessage[] = [];
  await withErrorBoundary(
    {
      logger: pino({ level: 'silent' }),
      locale: 'en',
      reply: async (message) => {
        replies.push(message);
      },
    },
    async () => {
      throw error;
    },
  );
  expect(replies).toHaveLength(1);
  return `${replies[0]?.text}\n${JSON.stringify(replies[0]?.blocks ?? [])}`;
}

describe('the Slack error boundary: what the person reads when a request fails', () => {
  it('a card Slack did not take in time: says nothing went ahead and to run it again', async () => {
    const text = await replyTo(new DeliveryDeferred('the card of incident #4 is not posted yet'));
    expect(text).toContain('Slack has not taken the incident card yet, so this did not go ahead');
    expect(text).toContain('run the command again in a minute');
    expect(text).not.toMatch(/internal error/i);
  });

  it('a user error is shown as it is; anything else as an internal error with a reference', async () => {
    expect(await replyTo(new UserError('conflict', 'the incident is resolved'))).toContain(
      'the incident is resolved',
    );
    const internal = await replyTo(new Error('boom: a secret detail'));
    expect(internal).not.toContain('a secret detail');
    expect(internal).toMatch(/[0-9a-f]{8}/);
  });
});
