import path from 'node:path';
import { z } from 'zod';
import type { PrometheusSource } from '../core/charts/query-prometheus.ts';
import { UserError } from '../core/errors.ts';
import { checkDatabaseUrl } from '../store/open-configured-store.ts';
import { DEFAULT_RUNBOOKS_DIR, passEnvOf, runbooksDirOf } from './catalog-settings.ts';
import { prometheusFromEnv } from './prometheus-config.ts';

/** Settings of the bot process, read once from the environment by the entry point (never by use cases). */
export interface BotConfig {
  botToken: string;
  /** Set: Socket Mode (no inbound port). Unset: HTTP mode on `port`. */
  appToken: string | null;
  signingSecret: string | null;
  port: number;
  /** Host the HTTP server binds to. */
  host: string;
  /** Web API base URL, ending in `/`; tests and the playground point it at a fake Slack. */
  slackApiUrl: string | null;
  /** Each Web API request is abandoned after this long (a Slack that never answers holds nothing). */
  slackTimeoutMs: number;
  /** A running change renews its lock and heartbeat this often; 3 missed beats = interrupted. */
  changeHeartbeatMs?: number;
  runbooksDir: string;
  dataDir: string;
  /** Set: the state lives in PostgreSQL (replicas share it); unset: SQLite in `dataDir`. */
  databaseUrl?: string | null;
  /** PostgreSQL only: one store call gives up after this long when the database is down. */
  databaseTimeoutMs?: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** IANA time zone for clock times in messages. */
  timeZone: string;
  /** Env var names passed to runbook steps besides PATH, HOME, LANG and the binding's list. */
  passEnv: string[];
  /** `ALERTS_TOKEN`: enables `POST /alerts/alertmanager` (Bearer); null = the endpoint does not exist. */
  alertsToken?: string | null;
  /** `PROMETHEUS_URL` and its credentials: a diagnose attaches the binding's charts. Null: none. */
  prometheus?: PrometheusSource | null;
}

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const envSchema = z.object({
  SLACK_BOT_TOKEN: z.preprocess(
    blankToUndefined,
    z.string({ message: 'is missing' }).regex(/^xoxb-/, 'must be a bot token starting with xoxb-'),
  ),
  SLACK_APP_TOKEN: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^xapp-/, 'must be an app-level token starting with xapp-')
      .optional(),
  ),
  SLACK_SIGNING_SECRET: z.preprocess(blankToUndefined, z.string().min(8, 'looks too short').optional()),
  PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  HOST: z.preprocess(blankToUndefined, z.string().default('0.0.0.0')),
  SLACK_API_URL: z.preprocess(blankToUndefined, z.url({ message: 'must be a URL' }).optional()),
  SLACK_API_TIMEOUT_MS: z.preprocess(
    blankToUndefined,
    z.coerce.number().int().min(100).max(120_000).default(10_000),
  ),
  CHANGE_HEARTBEAT_MS: z.preprocess(
    blankToUndefined,
    z.coerce.number().int().min(100).max(600_000).default(10_000),
  ),
  RUNBOOKS_DIR: z.preprocess(blankToUndefined, z.string().default(DEFAULT_RUNBOOKS_DIR)),
  DATA_DIR: z.preprocess(blankToUndefined, z.string().default('./data')),
  DATABASE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine((url) => checkDatabaseUrl(url) === null, 'must be a postgres://user:password@host:5432/db URL')
      .optional(),
  ),
  DATABASE_TIMEOUT_MS: z.preprocess(
    blankToUndefined,
    z.coerce.number().int().min(100).max(120_000).default(5_000),
  ),
  LOG_LEVEL: z.preprocess(
    blankToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  TZ: z.preprocess(blankToUndefined, z.string().default('UTC')),
  RUNBOOK_PASS_ENV: z.preprocess(blankToUndefined, z.string().default('')),
  ALERTS_TOKEN: z.preprocess(
    blankToUndefined,
    z.string().min(16, 'is too short: use at least 16 random characters').optional(),
  ),
});

const hints: Record<string, string> = {
  SLACK_BOT_TOKEN: 'Slack app settings > OAuth & Permissions > Bot User OAuth Token (xoxb-…)',
  SLACK_APP_TOKEN:
    'Slack app settings > Basic Information > App-Level Tokens, scope connections:write (xapp-…)',
  SLACK_SIGNING_SECRET: 'Slack app settings > Basic Information > Signing Secret',
  PORT: 'a TCP port such as 3000',
  SLACK_API_URL: 'leave unset for Slack itself; http://127.0.0.1:PORT/api/ for a fake Slack',
  LOG_LEVEL: 'one of fatal, error, warn, info, debug, trace, silent',
  DATABASE_URL:
    'unset for SQLite in DATA_DIR; postgres://runbook_bot:…@db-host:5432/runbook_bot to share state',
  DATABASE_TIMEOUT_MS: 'milliseconds, 100 to 120000; default 5000',
  SLACK_API_TIMEOUT_MS: 'milliseconds, 100 to 120000; default 10000',
  ALERTS_TOKEN:
    'e.g. `openssl rand -hex 32`; the same value in Alertmanager http_config.authorization.credentials',
  CHANGE_HEARTBEAT_MS:
    'milliseconds, 100 to 600000; default 10000 (the same for every process on a DATA_DIR)',
};

/** Reads the bot settings; on any problem throws one UserError listing every problem and its fix. */
export function loadConfig(env: NodeJS.ProcessEnv, cwd: string): BotConfig {
  const parsed = envSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ key: String(issue.path[0]), message: issue.message }));
  if (!env.SLACK_APP_TOKEN?.trim() && !env.SLACK_SIGNING_SECRET?.trim()) {
    problems.push({
      key: 'SLACK_SIGNING_SECRET',
      message: 'is missing: HTTP mode needs it (or set SLACK_APP_TOKEN for Socket Mode)',
    });
  }
  if (!parsed.success || problems.length > 0) {
    const lines = problems.map(({ key, message }) => {
      const hint = hints[key];
      return `  - ${key} ${message}${hint ? ` (${hint})` : ''}`;
    });
    throw new UserError(
      'invalid_config',
      `the bot cannot start; fix these settings (environment or .env):\n${lines.join('\n')}`,
      'See .env.example for every setting.',
    );
  }
  const values = parsed.data;
  const apiUrl = values.SLACK_API_URL;
  return {
    botToken: values.SLACK_BOT_TOKEN,
    appToken: values.SLACK_APP_TOKEN ?? null,
    signingSecret: values.SLACK_SIGNING_SECRET ?? null,
    port: values.PORT,
    host: values.HOST,
    slackApiUrl: apiUrl ? (apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`) : null,
    slackTimeoutMs: values.SLACK_API_TIMEOUT_MS,
    changeHeartbeatMs: values.CHANGE_HEARTBEAT_MS,
    runbooksDir: runbooksDirOf(values.RUNBOOKS_DIR, cwd),
    dataDir: path.resolve(cwd, values.DATA_DIR),
    databaseUrl: values.DATABASE_URL ?? null,
    databaseTimeoutMs: values.DATABASE_TIMEOUT_MS,
    logLevel: values.LOG_LEVEL,
    timeZone: values.TZ,
    alertsToken: values.ALERTS_TOKEN ?? null,
    prometheus: prometheusFromEnv(env),
    passEnv: passEnvOf(values.RUNBOOK_PASS_ENV),
  };
}
