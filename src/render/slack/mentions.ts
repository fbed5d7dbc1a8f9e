import type { Audience } from '../common/audience.ts';
import { escapeMrkdwn } from './escape-mrkdwn.ts';

const USER_ID = /^[UW][A-Z0-9]+$/;
const GROUP_ID = /^S[A-Z0-9]+$/;

/** `<@U123>`; anything that is not a user id is shown as escaped text. */
export function mentionUser(id: string): string {
  return USER_ID.test(id) ? `<@${id}>` : escapeMrkdwn(id);
}

/** `<!subteam^S123>`; anything that is not a user group id is shown as escaped text. */
export function mentionGroup(id: string): string {
  return GROUP_ID.test(id) ? `<!subteam^${id}>` : escapeMrkdwn(id);
}

export type { Audience } from '../common/audience.ts';

/** Users then groups, comma separated; empty string when nobody. */
export function mentionAudience(audience: Audience): string {
  return [...audience.users.map(mentionUser), ...audience.usergroups.map(mentionGroup)].join(', ');
}

export function isEmptyAudience(audience: Audience): boolean {
  return audience.users.length === 0 && audience.usergroups.length === 0;
}

/** Timeline actors: a Slack user id, `cli:<os user>`, or `bot`. */
export function mentionActor(actor: string): string {
  if (actor === 'bot') return 'runbook-bot';
  if (actor.startsWith('cli:')) return `${escapeMrkdwn(actor.slice(4))} (CLI)`;
  return mentionUser(actor);
}
