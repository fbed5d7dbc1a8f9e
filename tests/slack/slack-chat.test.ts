import { describe, expect, it } from 'vitest';
import { createSlackChat } from '../../src/slack/slack-chat.ts';
import type { OutgoingMessage, SlackGateway } from '../../src/slack/slack-gateway.ts';

/** A gateway that keeps what the chat port hands it. */
function recordingGateway() {
  const posted: OutgoingMessage[] = [];
  const views: object[] = [];
  const gateway = {
    post: async (message: OutgoingMessage) => {
      posted.push(message);
      return `${posted.length}.0`;
    },
    openView: async (_trigger: string, view: object) => {
      views.push(view);
    },
  } as unknown as SlackGateway;
  return { gateway, posted, views };
}

function platformError(code: string) {
  return Object.assign(new Error(code), {
    code: 'slack_webapi_platform_error',
    data: { ok: false, error: code },
  });
}

describe('the chat port on Slack', () => {
  it('renders chat-neutral content as Block Kit and posts it in the thread', async () => {
    const { gateway, posted } = recordingGateway();
    const chat = createSlackChat(gateway, { attemptTimeoutMs: 1000 });
    const ref = await chat.post(
      { channel: 'C1', thread: '10.5' },
      { kind: 'change_interrupted', locale: 'en', requestedBy: 'U0ANA' },
    );
    expect(ref).toBe('1.0');
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ channel: 'C1', threadTs: '10.5' });
    expect(posted[0]?.text).toContain('<@U0ANA>');
    expect(posted[0]?.blocks).toBeUndefined(); // no empty blocks array for chat.postMessage
  });

  it('opens the report form as a modal that names the incident and the mode', async () => {
    const { gateway, views } = recordingGateway();
    const chat = createSlackChat(gateway, { attemptTimeoutMs: 1000 });
    await chat.openForm('trigger-1', {
      kind: 'incident_report',
      mode: 'resolve',
      incident: { id: 7, report: {} } as never,
      fields: [{ label: 'Root cause', fill: 'manual' } as never],
      suggestions: {},
      locale: 'en',
      required: ['Root cause'],
    });
    expect(views[0]).toMatchObject({ type: 'modal', private_metadata: '7:resolve' });
  });

  it('tells a channel the bot is not in from other refusals', () => {
    const chat = createSlackChat(recordingGateway().gateway, { attemptTimeoutMs: 1000 });
    expect(chat.classifyFailure(platformError('not_in_channel'))).toEqual({
      kind: 'channel_unusable',
      code: 'not_in_channel',
      notMember: true,
    });
    expect(chat.classifyFailure(platformError('is_archived'))).toEqual({
      kind: 'channel_unusable',
      code: 'is_archived',
    });
    expect(chat.classifyFailure(platformError('message_not_found')).kind).toBe('card_gone');
  });
});
