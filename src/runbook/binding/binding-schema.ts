import { z } from 'zod';
import { PARAM_NAME } from '../params/param-names.ts';
import { anchoredPattern } from '../params/validate-param-value.ts';
import { slackChannelId, slackGroupId, slackUserId } from './slack-ids.ts';
import { TARGET_NAME, targetsSchema } from './target-schema.ts';
import { chartSchema, scheduleSchema } from './upkeep-schema.ts';

/** `10m`, `20s`, `1h`, `500ms`, and a plain `30` (seconds) -> milliseconds. */
export function parseDuration(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text.trim());
  if (!match) return null;
  const value = Number(match[1]);
  const unit = (match[2] ?? 's') as 'ms' | 's' | 'm' | 'h';
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit];
  return Math.round(value * factor);
}

const DURATION_MESSAGE = 'expected a duration such as 30 (seconds), 30s, 10m or 1h';

/** `timeout: 30` means 30 seconds, like `timeout: 30s`. */
const duration = z.union([z.number(), z.string()], { error: DURATION_MESSAGE }).transform((value, ctx) => {
  const ms = typeof value === 'number' ? (value > 0 ? Math.round(value * 1000) : null) : parseDuration(value);
  if (ms === null || !Number.isFinite(ms)) {
    ctx.addIssue({ code: 'custom', message: DURATION_MESSAGE });
    return z.NEVER;
  }
  return ms;
});

export const audienceSchema = z.strictObject({
  users: z.array(slackUserId).default([]),
  usergroups: z.array(slackGroupId).default([]),
});

const envVarName = z
  .string()
  .regex(
    /^[A-Z_][A-Z0-9_]*$/,
    'expected an environment variable name such as PD_KEY_DEVOPS (the key itself stays in the environment)',
  );

/** How a role is paged besides Slack (issue 18): the keys are read from the named variables. */
export const pagerdutySchema = z.strictObject({ routingKeyEnv: envVarName });
export const opsgenieSchema = z.strictObject({ apiKeyEnv: envVarName });
export const webhookPagerSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, message: 'expected an http(s) URL' }),
  secretEnv: envVarName,
});

/** A role: Slack users and groups to mention, and optionally a pager to trigger. */
export const roleSchema = audienceSchema.extend({
  pagerduty: pagerdutySchema.optional(),
  opsgenie: opsgenieSchema.optional(),
  webhook: webhookPagerSchema.optional(),
});

/** An alert rule: every label in `match` must equal; `run` is a subcommand or a section id (never a change). */
export const alertRuleSchema = z.strictObject({
  match: z
    .record(
      z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'expected a label name such as alertname'),
      z.string(),
    )
    .refine((labels) => Object.keys(labels).length > 0, { message: 'expected at least one label to match' }),
  run: z.string().min(1),
  channel: slackChannelId,
});

export const stepOverrideSchema = z.strictObject({
  stdin: z.string().optional(),
  timeout: duration.optional(),
  skip: z.string().min(1).optional(),
  risk: z.enum(['read', 'change', 'sensitive']).optional(),
});

/** A step parameter (`<pod-name>`, `$NAMESPACE`): how its values are checked and offered. */
export const paramSpecSchema = z.strictObject({
  pattern: z
    .string()
    .min(1)
    .refine((text) => anchoredPattern(text) !== null, { message: 'expected a valid regular expression' })
    .optional(),
  default: z.string().optional(),
  choices: z.array(z.string().min(1)).min(1).max(100).optional(),
  /** Id of a read step whose output lines are the choices. */
  from: z.string().min(1).optional(),
  describe: z.string().min(1).max(200).optional(),
});

export const bindingSchema = z.strictObject({
  /** The slash command, e.g. `/apidown`. */
  command: z.string().regex(/^\/[a-z0-9_-]{1,31}$/, 'expected a slash command such as /apidown'),
  description: z.string().max(100).optional(),
  locale: z.enum(['pt-BR', 'en', 'es']).default('en'),
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
  /** Step parameters by name (`pod-name`): pattern, default, choices, from, describe. */
  params: z
    .record(z.string().regex(PARAM_NAME, 'expected a parameter name such as pod-name'), paramSpecSchema)
    .default({}),
  /** Step ids a wait step polls; default: the diagnose section's steps that have expectations. */
  waitFor: z.array(z.string()).optional(),
  /** Section run by itself after a successful change (default: the post-resolution section). */
  verify: z.string().optional(),
  /** Section offered as "rollback" in the escalation checklist (only when set). */
  rollback: z.string().optional(),
  /**
   * Who may run sections at all (diagnose, run, request a change), besides the approvers. Unset:
   * anyone in the allowed channels. `sensitive` steps run only for operators and approvers.
   */
  operators: audienceSchema.optional(),
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
  roles: z.record(z.string(), roleSchema).default({}),
  /** Alertmanager/Grafana alerts that open an incident and run a read-only section (issue 18). */
  alerts: z.array(alertRuleSchema).default([]),
  /**
   * Escalation rules: one that notifies the same roles as a runbook rule changes its timing or
   * condition; any other is added to the runbook's rules (it needs `after` or `condition`).
   */
  escalation: z
    .array(
      z.strictObject({
        notify: z.array(z.string()).min(1),
        after: duration.optional(),
        condition: z.string().optional(),
        checklist: z.array(z.string()).optional(),
      }),
    )
    .default([]),
  /** Section id read as the escalation section when its heading does not say so. */
  escalationSection: z.string().optional(),
  /** Section id read as the incident template when its heading does not say so. */
  templateSection: z.string().optional(),
  /** Extra keywords that point a failing output to a troubleshooting section: section id -> words. */
  suggestions: z.record(z.string(), z.array(z.string().min(2))).default({}),
  /** Where steps run (README "Targets: several hosts over SSH"): name -> an SSH host or this host with extra env. Unset: here. */
  targets: targetsSchema,
  /** PromQL charts a diagnose attaches to the thread (last 30 minutes, PROMETHEUS_URL). */
  charts: z.array(chartSchema).max(6).default([]),
  /** Background jobs of the bot, e.g. a weekly drift check posted to a channel. */
  schedules: z.array(scheduleSchema).default([]),
  /** Targets a section runs on when none is named (each, in parallel). Default: every target. */
  defaultTargets: z.array(z.string().regex(TARGET_NAME, 'expected a target name such as api-1')).optional(),
});

export type Binding = z.output<typeof bindingSchema>;
export type BindingInput = z.input<typeof bindingSchema>;
export type StepOverride = z.output<typeof stepOverrideSchema>;
export type ParamSpecInput = z.output<typeof paramSpecSchema>;
export type Audience = z.output<typeof audienceSchema>;
export type Role = z.output<typeof roleSchema>;
export type AlertRule = z.output<typeof alertRuleSchema>;
