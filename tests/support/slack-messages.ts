/** Reading what the bot posted, in the fake Slack's recorded messages. */

/** A message's text and blocks as one string, to search for what a person would read. */
export const textOf = (message: { text: string; blocks: unknown[] }): string =>
  `${message.text}\n${JSON.stringify(message.blocks)}`;

export interface Button {
  action_id: string;
  value?: string;
}

/** The buttons of a message's `actions` blocks. */
export function buttonsOf(message: { blocks: unknown[] }): Button[] {
  return (message.blocks as { type: string; elements?: Button[] }[])
    .filter((block) => block.type === 'actions')
    .flatMap((block) => block.elements ?? []);
}
