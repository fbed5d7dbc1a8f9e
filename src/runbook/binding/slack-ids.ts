import { z } from 'zod';

/**
 * The people and channels a binding names (`roles`, `approvers`, `operators`, `channels`,
 * escalation targets) are Slack configuration: ids as Slack spells them, so a typo or a name
 * (`@ana`) is caught by `lint` instead of silently matching nobody. Core never checks these
 * formats (it treats user and channel ids as opaque); another chat platform would add its own
 * id rules here and the binding would say which platform it names.
 */
export const slackUserId = z.string().regex(/^[UW][A-Z0-9]+$/, 'expected a Slack user id such as U0123ABCD');
export const slackGroupId = z
  .string()
  .regex(/^S[A-Z0-9]+$/, 'expected a Slack user group id such as S0123ABCD');
export const slackChannelId = z
  .string()
  .regex(/^[CGD][A-Z0-9]+$/, 'expected a Slack channel id such as C0123ABCD');
