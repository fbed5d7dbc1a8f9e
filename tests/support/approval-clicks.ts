import type { Approval } from '../../src/store/records.ts';
import { type BotHarness, CHANNEL } from './bot-harness.ts';
import type { FakeMessage } from './fake-slack.ts';
import { buttonsOf } from './slack-messages.ts';

/**
 * What the approval e2e files do with approval cards in the incident thread of `CHANNEL`: find
 * the next card, read its approval id, click its buttons, and wait for the approval's state.
 * `harness` is read at each call (the harness starts in `beforeAll`).
 */
export function approvalClicks(harness: () => BotHarness) {
  const store = () => harness().bot().bot.deps.store;
  /** The incident card (the channel's first message): the thread the cards are in. */
  const incidentCard = (): FakeMessage => {
    const card = harness().fake.channelMessages(CHANNEL)[0];
    if (!card) throw new Error('no incident card');
    return card;
  };
  /** The first approval card in the thread that is not in `seen` (waits up to 15 s). */
  const nextCard = async (seen: ReadonlySet<string>): Promise<FakeMessage> => {
    const { fake } = harness();
    const thread = await fake.waitFor(() => fake.channelMessages(CHANNEL)[0], 15_000);
    return fake.waitFor(
      () =>
        fake
          .threadReplies(CHANNEL, thread.ts)
          .find((reply) => !seen.has(reply.ts) && buttonsOf(reply).some((b) => b.action_id === 'approve')),
      15_000,
    );
  };
  const idOf = (card: FakeMessage): string => {
    const value = buttonsOf(card).find((button) => button.action_id === 'approve')?.value;
    if (!value) throw new Error('no approve button');
    return value;
  };
  /** A click on one of the card's buttons, as Slack sends it (a fresh action_ts each time). */
  const click = (card: FakeMessage, input: { action_id: string; value: string; user: string }) =>
    harness().click({
      ...input,
      message_ts: card.ts,
      thread_ts: incidentCard().ts,
      action_ts: `${Date.now() / 1000}${Math.random().toString().slice(2, 8)}`,
    });
  const waitForState = (id: string, states: Approval['state'][]) =>
    harness().fake.waitFor(() => {
      const now = store().getApproval(id);
      return now && states.includes(now.state) ? now : undefined;
    }, 30_000);
  return { store, incidentCard, nextCard, idOf, click, waitForState };
}
