import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { StepStatus } from '../exec/step-result.ts';

/** How an approval card ended. `break_glass`: a lone on-call ran it without a second person. */
export type ApprovalOutcome = 'approved' | 'denied' | 'expired' | 'break_glass';

/** `timer`: nobody resolved in time. `manual`: someone pressed "many users affected". */
export type EscalationTrigger = 'timer' | 'manual';

export interface RenderedMetrics {
  contentType: string;
  body: string;
}

/** The bot's Prometheus metrics. One instance per bot, created by the composition root. */
export interface Metrics {
  /** The private registry (never prom-client's global one): two bots or two tests don't collide. */
  readonly registry: Registry;
  commandReceived(runbook: string, subcommand: string): void;
  /** Records the duration (histogram) and the verdict (counter) of one finished step. */
  stepFinished(runbook: string, status: StepStatus, durationMs: number): void;
  approvalDecided(runbook: string, outcome: ApprovalOutcome): void;
  escalationFired(runbook: string, trigger: EscalationTrigger): void;
  /** A Slack Web API call that failed for good, with Slack's error code (`not_in_channel`, `ratelimited`…). */
  slackApiError(method: string, error: string): void;
  slackApiRetry(method: string): void;
  setOpenIncidents(count: number): void;
  render(): Promise<RenderedMetrics>;
}

export interface MetricsOptions {
  /** Metric name prefix; default `runbook_bot_`. */
  prefix?: string;
  /** Node process metrics (CPU, memory, event loop lag, GC); default true. */
  processMetrics?: boolean;
}

/** Steps last from a few milliseconds (curl) to a minute or more (restart and wait for health). */
const stepDurationBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const prefix = options.prefix ?? 'runbook_bot_';
  const registry = new Registry();
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix });

  const commands = new Counter({
    name: `${prefix}commands_total`,
    help: 'Slash commands and CLI runs received, by runbook and subcommand.',
    labelNames: ['runbook', 'subcommand'] as const,
    registers: [registry],
  });
  const stepDuration = new Histogram({
    name: `${prefix}step_duration_seconds`,
    help: 'Wall time of each runbook step, by final status.',
    labelNames: ['runbook', 'status'] as const,
    buckets: stepDurationBuckets,
    registers: [registry],
  });
  const stepVerdicts = new Counter({
    name: `${prefix}step_verdicts_total`,
    help: 'Runbook steps finished, by verdict (pass, fail, info, error, timeout, skipped).',
    labelNames: ['runbook', 'status'] as const,
    registers: [registry],
  });
  const approvals = new Counter({
    name: `${prefix}approvals_total`,
    help: 'Approval requests that ended, by outcome.',
    labelNames: ['runbook', 'outcome'] as const,
    registers: [registry],
  });
  const escalations = new Counter({
    name: `${prefix}escalations_total`,
    help: 'Escalations fired, by trigger (timer or manual).',
    labelNames: ['runbook', 'trigger'] as const,
    registers: [registry],
  });
  const slackErrors = new Counter({
    name: `${prefix}slack_api_errors_total`,
    help: 'Slack Web API calls that failed, by method and Slack error code.',
    labelNames: ['method', 'error'] as const,
    registers: [registry],
  });
  const slackRetries = new Counter({
    name: `${prefix}slack_api_retries_total`,
    help: 'Slack Web API calls retried (rate limits, 5xx, network), by method.',
    labelNames: ['method'] as const,
    registers: [registry],
  });
  const openIncidents = new Gauge({
    name: `${prefix}open_incidents`,
    help: 'Incidents currently open (not resolved).',
    registers: [registry],
  });

  return {
    registry,
    commandReceived: (runbook, subcommand) => commands.inc({ runbook, subcommand }),
    stepFinished: (runbook, status, durationMs) => {
      stepDuration.observe({ runbook, status }, Math.max(0, durationMs) / 1000);
      stepVerdicts.inc({ runbook, status });
    },
    approvalDecided: (runbook, outcome) => approvals.inc({ runbook, outcome }),
    escalationFired: (runbook, trigger) => escalations.inc({ runbook, trigger }),
    slackApiError: (method, error) => slackErrors.inc({ method, error }),
    slackApiRetry: (method) => slackRetries.inc({ method }),
    setOpenIncidents: (count) => openIncidents.set(count),
    render: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
  };
}
