import type { SlackMessage } from '../../src/render/slack/block-types.ts';

/** Every Slack limit the renderers promise, checked over the whole JSON of a message. */
export function limitViolations(message: SlackMessage): string[] {
  const problems: string[] = [];
  if (message.blocks.length > 50) problems.push(`${message.blocks.length} blocks`);
  walk(message.blocks, problems);
  return problems;
}

function walk(node: unknown, problems: string[]): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, problems);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  const text = (record.text as { text?: string } | undefined)?.text ?? '';
  if (record.type === 'section' && text.length > 3000) problems.push(`section text ${text.length}`);
  if (record.type === 'header' && text.length > 150) problems.push(`header ${text.length}`);
  if (record.type === 'button' && Array.from(text).length > 75) problems.push(`button text ${text.length}`);
  if (typeof record.action_id === 'string' && record.action_id.length > 255) problems.push('action_id');
  if (record.type === 'button' && typeof record.value === 'string' && record.value.length > 2000)
    problems.push('value');
  for (const value of Object.values(record)) walk(value, problems);
}

/** Every button of a message: action_id and value. */
export function buttons(message: SlackMessage): { action_id: string; value: string }[] {
  const found: { action_id: string; value: string }[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'button')
        found.push({ action_id: String(record.action_id), value: String(record.value) });
      Object.values(record).forEach(visit);
    }
  };
  visit(message.blocks);
  return found;
}

/** All mrkdwn/plain text of a message, joined: for "contains" assertions. */
export function allText(message: SlackMessage): string {
  const texts: string[] = [message.text];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.text === 'string') texts.push(record.text);
      Object.values(record).forEach(visit);
    }
  };
  visit(message.blocks);
  return texts.join('\n');
}
