import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';

/** `7d`, `12h`, `30m`: how often a schedule runs (at least 1 minute, at most 90 days). */
export function parseEvery(text: string): number | null {
  const match = /^(\d+)\s*(m|h|d|w)$/.exec(text.trim());
  if (!match) return null;
  const factor = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[
    match[2] as 'm' | 'h' | 'd' | 'w'
  ];
  const ms = Number(match[1]) * factor;
  return ms >= 60_000 && ms <= 90 * 86_400_000 ? ms : null;
}

/** True when `text` is a 5-field cron expression cron-parser accepts. */
export function validCron(text: string): boolean {
  if (text.trim().split(/\s+/).length !== 5) return false;
  try {
    CronExpressionParser.parse(text, { tz: 'UTC' });
    return true;
  } catch {
    return false;
  }
}

/**
 * A background job of the bot (README "Scheduled checks"): today a drift check, posted to
 * `channel` only when its findings changed since the last run.
 */
export const scheduleSchema = z
  .strictObject({
    /** Stable name: the run of each period is claimed once under it, across bot processes. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'expected an id such as weekly-drift'),
    /** Run `runbook-bot drift` on the runbook (the only job so far). */
    drift: z.literal(true, { error: 'expected drift: true (the only scheduled job so far)' }),
    /** How often: `7d`, `12h`, `30m` (periods counted from the Unix epoch, so every process agrees). */
    every: z
      .string()
      .refine((text) => parseEvery(text) !== null, {
        message: 'expected a period such as 30m, 12h, 7d or 1w (1 minute to 90 days)',
      })
      .optional(),
    /** Or a 5-field cron expression in the bot's time zone (`0 6 * * 1`: Mondays at 06:00). */
    cron: z
      .string()
      .refine(validCron, { message: 'expected a 5-field cron expression such as "0 6 * * 1"' })
      .optional(),
    /** Where the summary goes. */
    channel: z.string().regex(/^[CG][A-Z0-9]+$/, 'expected a Slack channel id such as C0123ABCD'),
    /** Where the checks run (a target of the binding); default this host. */
    target: z.string().min(1).optional(),
  })
  .refine((schedule) => (schedule.every === undefined) !== (schedule.cron === undefined), {
    message: 'a schedule needs exactly one of every: (such as 7d) or cron: (such as "0 6 * * 1")',
  });

/** A chart a diagnose attaches (PromQL over the last 30 minutes, from PROMETHEUS_URL). */
export const chartSchema = z.strictObject({
  title: z.string().min(1).max(100),
  query: z.string().min(1).max(2000),
});

export type Schedule = z.output<typeof scheduleSchema>;
export type ChartSpec = z.output<typeof chartSchema>;
