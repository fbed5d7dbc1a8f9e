import { CronExpressionParser } from 'cron-parser';
import { parseEvery, type Schedule } from '../../runbook/binding/upkeep-schema.ts';
import type { BoundRunbook } from '../catalog.ts';
import type { ChatDeps, TickTask } from '../chat/chat-deps.ts';
import { driftDigest } from './drift-digest.ts';
import { DRIFT_LABELS, driftHeadline } from './drift-labels.ts';
import type { DriftReport } from './drift-report.ts';
import { runDrift } from './run-drift.ts';

/** A claimed period stays claimed this long (far beyond any period, so it is never run twice). */
const CLAIM_TTL_MS = 400 * 86_400_000;
const SUMMARY_FINDINGS = 10;

/**
 * The period `now` falls in: `every` periods are counted from the Unix epoch (so every process
 * agrees without talking), a cron schedule's period starts at its latest occurrence. Null when a
 * cron expression has no occurrence before now.
 */
export function scheduleSlot(schedule: Schedule, now: number, timeZone: string): string | null {
  if (schedule.every) {
    const every = parseEvery(schedule.every) as number;
    return `every-${schedule.every}-${Math.floor(now / every)}`;
  }
  try {
    const expression = CronExpressionParser.parse(schedule.cron as string, {
      currentDate: new Date(now),
      tz: timeZone,
    });
    return `cron-${expression.prev().getTime()}`;
  } catch {
    return null;
  }
}

/**
 * The bot's schedules (binding `schedules:`): each period's drift check is claimed once across
 * every bot process on the store (`claimOnce(schedule:<runbook>:<id>:<slot>)`), runs in the
 * background (a drift check takes seconds; the tick must not wait for it), and posts a short
 * summary to the schedule's channel only when what it found changed since the last recorded run.
 * Sensitive steps are not run: nobody asked, and the channel may be wide.
 */
export function driftScheduleTick(): TickTask & { idle(): Promise<void> } {
  const running = new Set<Promise<void>>();
  const task = async (deps: ChatDeps) => {
    const now = deps.clock.now();
    for (const bound of deps.catalog.runbooks) {
      for (const schedule of bound.binding.schedules) {
        const slot = scheduleSlot(schedule, now, deps.timeZone);
        if (slot === null) continue;
        const key = `${bound.runbook.id}:${schedule.id}`;
        if (!deps.store.claimOnce(`schedule:${key}:${slot}`, CLAIM_TTL_MS)) continue;
        const run = runSchedule(deps, bound, schedule, key, slot).catch((error: unknown) =>
          deps.logger.error({ err: error, schedule: key }, 'scheduled drift check failed'),
        );
        running.add(run);
        void run.finally(() => running.delete(run));
      }
    }
  };
  return Object.assign(task, {
    /** Resolves when every drift run started so far has finished (tests, shutdown). */
    idle: async () => {
      while (running.size > 0) await Promise.all([...running]);
    },
  });
}

async function runSchedule(
  deps: ChatDeps,
  bound: BoundRunbook,
  schedule: Schedule,
  key: string,
  slot: string,
): Promise<void> {
  const prepared = await deps.runnerFor(bound, schedule.target ?? null);
  const connected = prepared.connect ? await prepared.connect() : { ok: true as const };
  const report: DriftReport = connected.ok
    ? await runDrift(bound, {
        prepared,
        clock: deps.clock,
        target: schedule.target ?? 'local',
        allowSensitive: false,
      })
    : {
        runbook: bound.runbook.id,
        target: schedule.target ?? 'local',
        startedAt: new Date(deps.clock.now()).toISOString(),
        durationMs: 0,
        checked: 0,
        leftOut: { changes: 0, waits: 0 },
        unchecked: [],
        findings: [
          {
            kind: 'host-unreachable',
            subject: schedule.target ?? 'local',
            title: schedule.target ?? 'local',
            expected: 'reachable',
            got: prepared.redactor(connected.reason),
          },
        ],
      };
  const digest = driftDigest(report);
  const last = deps.store.lastScheduleRun(key);
  // the first run posts only when something drifted; later runs whenever the findings changed
  const changed = last === null ? report.findings.length > 0 : last.digest !== digest;
  if (changed) {
    await deps.chat.post(
      { channel: schedule.channel },
      { kind: 'plain_text', text: driftSummary(report, schedule, last !== null) },
    );
  }
  // recorded after the post: a summary Slack refused is posted again by the next period's run
  deps.store.recordScheduleRun({ scheduleKey: key, slot, digest, ranAt: deps.clock.now() });
}

/** The short message a channel gets: the headline, then up to 10 findings, one line each. */
export function driftSummary(
  report: DriftReport,
  schedule: Pick<Schedule, 'id'>,
  hadPrevious: boolean,
): string {
  const lines = [
    `🧭 Drift check "${schedule.id}": ${driftHeadline(report)}${hadPrevious ? ' (changed since the last run)' : ''}.`,
  ];
  if (report.findings.length === 0) lines.push('Everything matches the runbook again.');
  for (const finding of report.findings.slice(0, SUMMARY_FINDINGS))
    lines.push(
      `• ${DRIFT_LABELS[finding.kind]}: ${finding.subject} — expected ${finding.expected}, got ${finding.got}`,
    );
  if (report.findings.length > SUMMARY_FINDINGS)
    lines.push(`…and ${report.findings.length - SUMMARY_FINDINGS} more: runbook-bot drift ${report.runbook}`);
  return lines.join('\n');
}
