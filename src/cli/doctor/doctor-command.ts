import { stat } from 'node:fs/promises';
import path from 'node:path';
import { webApi } from '@slack/bolt';
import { loadConfig } from '../../config/load-config.ts';
import { isUserError, UserError } from '../../core/errors.ts';
import { systemClock } from '../../core/ports.ts';
import { checkConnectionMode } from '../../doctor/check-connection-mode.ts';
import { checkDataDir } from '../../doctor/check-data-dir.ts';
import { checkDatabase } from '../../doctor/check-database.ts';
import { checkPagerKeys } from '../../doctor/check-pager-keys.ts';
import { checkPrograms } from '../../doctor/check-programs.ts';
import { type CheckResult, failed, passed } from '../../doctor/check-result.ts';
import { checkRolesMapped } from '../../doctor/check-roles-mapped.ts';
import { checkRunbooksLint, type LintProblem } from '../../doctor/check-runbooks-lint.ts';
import { type AuthTestResult, checkSlackAuth } from '../../doctor/check-slack-auth.ts';
import { checkTargets } from '../../doctor/check-targets.ts';
import { checkWorkdirs } from '../../doctor/check-workdirs.ts';
import { type DoctorRunbook, doctorRunbookFrom } from '../../doctor/doctor-runbook.ts';
import { findOnPath } from '../../doctor/find-on-path.ts';
import { probeDockerCompose } from '../../doctor/probe-docker-compose.ts';
import { probePort } from '../../doctor/probe-port.ts';
import { probeSshTarget, type TargetProbe } from '../../doctor/probe-ssh-target.ts';
import { probeWriteDir } from '../../doctor/probe-write-dir.ts';
import { renderDoctorReport } from '../../doctor/render-doctor-report.ts';
import { type DoctorCheck, runDoctor } from '../../doctor/run-doctor.ts';
import type { SshTarget } from '../../exec/targets/ssh-target.ts';
import { loadRunbooks } from '../../runbook/load-runbooks.ts';
import { pgLatestVersion } from '../../store/postgres/pg-migrations.ts';
import { describeDatabaseUrl } from '../../store/postgres/postgres-store.ts';
import { probeDatabase } from '../../store/postgres/probe-database.ts';
import type { CliCommand, CliDeps } from '../cli-deps.ts';

export interface DoctorRunbooks {
  runbooks: DoctorRunbook[];
  problems: LintProblem[];
}

/** Everything the doctor touches outside the process; tests replace any of them. */
export interface DoctorDeps {
  /** Parse and lint every runbook and binding in `dir` (see loadDoctorRunbooks). */
  loadRunbooks: (dir: string) => Promise<DoctorRunbooks>;
  authTest: (token: string, slackApiUrl: string | undefined) => Promise<AuthTestResult>;
  openSocket: (appToken: string, slackApiUrl: string | undefined) => Promise<{ ok: boolean; error?: string }>;
  which: (program: string, pathEnv: string) => Promise<boolean>;
  dockerCompose: (env: NodeJS.ProcessEnv) => Promise<boolean>;
  dirExists: (dir: string) => Promise<boolean>;
  probeWrite: (dir: string) => Promise<void>;
  portFree: (port: number) => Promise<boolean>;
  /** DATABASE_URL set: connect once and read the schema version. */
  probeDatabase: (url: string) => Promise<{ version: number }>;
  /** An SSH target of a binding: reachable, host key known, workdir and programs there. */
  probeTarget: (target: SshTarget, programs: readonly string[]) => Promise<TargetProbe>;
}

/** A WebClient that fails fast: the default retry policy would keep the doctor waiting ~30 minutes. */
function doctorClient(token: string, slackApiUrl: string | undefined): webApi.WebClient {
  return new webApi.WebClient(token, {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
    // The check's own line says what failed; no SDK warnings in the report.
    logLevel: webApi.LogLevel.ERROR,
  });
}

function slackError(error: unknown): string {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  if (typeof data?.error === 'string') return data.error;
  return error instanceof Error ? error.message : String(error);
}

async function realAuthTest(token: string, slackApiUrl: string | undefined): Promise<AuthTestResult> {
  try {
    const result = await doctorClient(token, slackApiUrl).auth.test();
    return {
      ok: true,
      ...(result.user ? { user: result.user } : {}),
      ...(result.team ? { team: result.team } : {}),
    };
  } catch (error) {
    return { ok: false, error: slackError(error) };
  }
}

async function realOpenSocket(appToken: string, slackApiUrl: string | undefined) {
  try {
    await doctorClient(appToken, slackApiUrl).apps.connections.open();
    return { ok: true };
  } catch (error) {
    return { ok: false, error: slackError(error) };
  }
}

/** The real loader: every runbook and binding of the folder, with every lint problem. */
export async function loadDoctorRunbooks(dir: string): Promise<DoctorRunbooks> {
  const { runbooks, problems } = await loadRunbooks(dir);
  // notes (sample output read as documentation) are not problems a doctor should flag
  const flagged = problems.flatMap((problem) =>
    problem.level === 'note' ? [] : [{ ...problem, level: problem.level }],
  );
  return {
    runbooks: runbooks.map((loaded) => doctorRunbookFrom(loaded.runbook, loaded.binding)),
    problems: flagged,
  };
}

async function dirExists(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

export const realDoctorDeps: DoctorDeps = {
  loadRunbooks: loadDoctorRunbooks,
  authTest: realAuthTest,
  openSocket: realOpenSocket,
  which: findOnPath,
  dockerCompose: probeDockerCompose,
  dirExists,
  probeWrite: probeWriteDir,
  portFree: (port) => probePort(port, '127.0.0.1'),
  probeDatabase: (url) => probeDatabase(url),
  probeTarget: (target, programs) => probeSshTarget(target, programs, systemClock),
};

function blank(value: string | undefined): string | undefined {
  return value?.trim() ? value.trim() : undefined;
}

function checkConfig(env: NodeJS.ProcessEnv, cwd: string): CheckResult {
  try {
    loadConfig(env, cwd);
    return passed('Configuration', 'every setting is valid');
  } catch (error) {
    if (!isUserError(error)) throw error;
    return failed('Configuration', 'error', error.message, error.hint ?? null);
  }
}

function buildChecks(deps: DoctorDeps, cli: CliDeps): DoctorCheck[] {
  const env = cli.env;
  const slackApiUrl = blank(env.SLACK_API_URL);
  const botToken = env.SLACK_BOT_TOKEN ?? '';
  const appToken = blank(env.SLACK_APP_TOKEN);
  const port = Number(blank(env.PORT) ?? 3000);
  const runbooksDir = path.resolve(cli.cwd, blank(env.RUNBOOKS_DIR) ?? './runbooks');
  const dataDir = path.resolve(cli.cwd, blank(env.DATA_DIR) ?? './data');
  const databaseUrl = blank(env.DATABASE_URL);
  let loading: Promise<DoctorRunbooks> | undefined;
  const runbooks = () => {
    loading ??= deps.loadRunbooks(runbooksDir);
    return loading;
  };

  return [
    { name: 'Configuration', run: () => checkConfig(env, cli.cwd) },
    {
      name: 'Slack bot token',
      run: () => checkSlackAuth({ token: botToken, authTest: () => deps.authTest(botToken, slackApiUrl) }),
    },
    {
      name: 'Connection mode',
      run: () =>
        checkConnectionMode({
          appToken,
          signingSecret: env.SLACK_SIGNING_SECRET,
          port,
          probe: deps.portFree,
          ...(appToken?.startsWith('xapp-')
            ? { openSocket: () => deps.openSocket(appToken, slackApiUrl) }
            : {}),
        }),
    },
    {
      name: 'Runbooks and bindings',
      run: async () => {
        const loaded = await runbooks();
        return checkRunbooksLint({ problems: loaded.problems, runbookCount: loaded.runbooks.length });
      },
    },
    {
      name: 'Working directories',
      run: async () =>
        checkWorkdirs({
          workdirs: (await runbooks()).runbooks.flatMap((rb) => rb.workdirs),
          exists: deps.dirExists,
        }),
    },
    {
      name: 'Programs the runbooks call',
      run: async () =>
        checkPrograms({
          commands: (await runbooks()).runbooks.flatMap((rb) => rb.commands),
          which: (program) => deps.which(program, env.PATH ?? ''),
          dockerCompose: () => deps.dockerCompose(env),
        }),
    },
    {
      name: 'SSH targets',
      run: async () =>
        checkTargets({
          runbooks: (await runbooks()).runbooks.map((rb) => ({
            id: rb.id,
            targets: rb.sshTargets ?? [],
            commands: rb.commands,
          })),
          probe: deps.probeTarget,
        }),
    },
    databaseUrl
      ? {
          name: 'Database',
          run: () =>
            checkDatabase({
              where: `PostgreSQL at ${describeDatabaseUrl(databaseUrl)}`,
              probe: () => deps.probeDatabase(databaseUrl),
              latestVersion: pgLatestVersion,
            }),
        }
      : { name: 'Data folder', run: () => checkDataDir({ dir: dataDir, probeWrite: deps.probeWrite }) },
    {
      name: 'Escalation roles',
      run: async () => {
        const results = (await runbooks()).runbooks.map((rb) =>
          checkRolesMapped({ runbook: rb.id, rolesUsed: rb.rolesUsed, rolesMapped: rb.rolesMapped }),
        );
        return mergeResults('Escalation roles', results);
      },
    },
    {
      name: 'Pagers and alerts',
      run: async () => {
        const loaded = (await runbooks()).runbooks;
        return checkPagerKeys({
          keys: loaded.flatMap((rb) => rb.pagerKeys ?? []),
          alertRules: loaded.reduce((sum, rb) => sum + (rb.alertRules ?? 0), 0),
          env,
        });
      },
    },
  ];
}

/** One line for several runbooks: the failures if any, else a summary of the passes. */
function mergeResults(name: string, results: CheckResult[]): CheckResult {
  const failures = results.filter((result) => !result.ok);
  if (failures.length === 1 && failures[0]) return failures[0];
  if (failures.length > 1) {
    const hints = failures.map((result) => result.hint).filter((hint): hint is string => !!hint);
    return failed(
      name,
      'error',
      failures.map((result) => `${result.name}: ${result.message}`).join('; '),
      hints.join('\n'),
    );
  }
  if (results.length === 1 && results[0]) return results[0];
  return passed(name, results.length ? `mapped in all ${results.length} runbooks` : 'no runbooks');
}

const usage = 'usage: runbook-bot doctor [--no-color]';

/** `runbook-bot doctor`: one line per check with a fix hint; exit 1 when something would break an incident. */
export function createDoctorCommand(overrides: Partial<DoctorDeps> = {}): CliCommand {
  const given = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  const deps: DoctorDeps = { ...realDoctorDeps, ...given };
  return async (argv, cli) => {
    const unknown = argv.filter((arg) => arg !== '--no-color' && arg !== '--color');
    if (unknown.length > 0) throw new UserError('usage', `unknown option ${unknown[0]}`, usage);
    const color =
      argv.includes('--color') || (!argv.includes('--no-color') && !cli.env.NO_COLOR && !!cli.stdout.isTTY);
    const report = await runDoctor(buildChecks(deps, cli));
    cli.stdout.write(renderDoctorReport(report.results, { color }));
    return report.exitCode;
  };
}

export const doctorCommand: CliCommand = createDoctorCommand();
