import type { FakeSlack } from '../tests/support/fake-slack.ts';

/**
 * Counts, per channel, thread replies and chat.update calls recorded by the fake Slack. Scans only
 * what is new since the last call, so polling it often stays cheap with thousands of messages.
 */
export function trackChannels(fake: FakeSlack) {
  let messagesSeen = 0;
  let callsSeen = 0;
  const replies = new Map<string, number>();
  const updates = new Map<string, number>();
  const refresh = () => {
    for (; messagesSeen < fake.messages.length; messagesSeen++) {
      const message = fake.messages[messagesSeen];
      if (message?.thread_ts) replies.set(message.channel, (replies.get(message.channel) ?? 0) + 1);
    }
    for (; callsSeen < fake.calls.length; callsSeen++) {
      const call = fake.calls[callsSeen];
      if (call?.method === 'chat.update' && call.ok) {
        const channel = String(call.args.channel);
        updates.set(channel, (updates.get(channel) ?? 0) + 1);
      }
    }
  };
  return {
    replies(channel: string): number {
      refresh();
      return replies.get(channel) ?? 0;
    },
    updates(channel: string): number {
      refresh();
      return updates.get(channel) ?? 0;
    },
  };
}
