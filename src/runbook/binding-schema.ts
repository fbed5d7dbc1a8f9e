import { z } from 'zod';

/** `10m`, `20s`, `1h`, `500ms` -> milliseconds. */
export function parseDuration(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/.exec(text.trim());
  if (!match) return null;
  const value = Number(match[1]);
  const unit = match[2] as 'ms' | 's' | 'm' | 'h';
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit];
  return Math.round(value * factor);
}

const duration = z
  .string()
  .refine((text) => parseDuration(text) !== null, { message: 'expected a duration such as 30s, 10m or 1h' })
  .transform((text) => parseDuration(text) as number);

const slackUserId = z.string().regex(/^[UW][A-Z0-9]+$/, 'expected a Slack user id such as U0123ABCD');
const slackGroupId = z.string().regex(/^S[A-Z0-9]+$/, 'expected a Slack user group id such as S0123ABCD');
const slackChannelId = z.string().regex(/^[CGD][A-Z0-9]+$/, 'expected a Slack channel id such as C0123ABCD');

export const audienceSchema = z.strictObject({
  users: z.array(slackUserId).default([]),
  usergroups: z.array(slackGroupId).default([]),
});

export const stepOverrideSchema = z.strictObject({
  stdin: z.string().optional(),
  timeout: duration.optional(),
  skip: z.string().min(1).optional(),
  risk: z.enum(['read', 'change', 'sensitive']).optional(),
});

export const bindingSchema = z.strictObject({
  /** The slash command, e.g. `/apidown`. */
  command: z.string().regex(/^\/[a-z0-9_-]{1,31}$/, 'expected a slash command such as /apidown'),
  description: z.string().max(100).optional(),
  locale: z.enum(['pt-BR', 'en']).default('en'),
  /** Replaces the runbook's `cd`. */
  workdir: z.string().min(1).optional(),
  /** Name used for the per-service lock and the restart circuit breaker (default: the runbook id). */
  service: z.string().min(1).optional(),
  /** Channels where the command may be used; empty = anywhere. */
  channels: z.array(slackChannelId).default([]),
  /** Environment variable names passed through to steps (besides PATH, HOME, LANG). */
  env: z.array(z.string().regex(/^[A-Z_][A-Z0-9_]*$/)).default([]),
  /** Names people type -> section ids. */
  subcommands: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), z.string()).default({}),
  /** Per-step fixes, keyed by step id. */
  steps: z.record(z.string(), stepOverrideSchema).default({}),
  /** Step ids a wait step polls; default: the diagnose section's steps that have expectations. */
  waitFor: z.array(z.string()).optional(),
  /** Section run by itself after a successful change (default: the post-resolution section). */
  verify: z.string().optional(),
  /** Section offered as "rollback" in the escalation checklist (only when set). */
  rollback: z.string().optional(),
  approvers: z
    .strictObject({
      users: z.array(slackUserId).default([]),
      usergroups: z.array(slackGroupId).default([]),
      allowSelfApproval: z.boolean().default(false),
      expiresAfter: duration.default(600_000),
      /** Circuit breaker: at most this many change runs per service per hour. */
      maxPerHour: z.number().int().min(1).max(100).default(3),
    })
    .default({ users: [], usergroups: [], allowSelfApproval: false, expiresAfter: 600_000, maxPerHour: 3 }),
  /** Role names used by the runbook's escalation section -> Slack users / user groups. */
  roles: z.record(z.string(), audienceSchema).default({}),
  /** Changes the timing or condition of the runbook rule that notifies the same roles. */
  escalation: z
    .array(
      z.strictObject({
        notify: z.array(z.string()).min(1),
        after: duration.optional(),
        condition: z.string().optional(),
      }),
    )
    .default([]),
  /** Extra keywords that point a failing output to a troubleshooting section: section id -> words. */
  suggestions: z.record(z.string(), z.array(z.string().min(2))).default({}),
});

export type Binding = z.output<typeof bindingSchema>;
export type BindingInput = z.input<typeof bindingSchema>;
export type StepOverride = z.output<typeof stepOverrideSchema>;
export type Audience = z.output<typeof audienceSchema>;
