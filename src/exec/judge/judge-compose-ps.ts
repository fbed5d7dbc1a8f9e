import type { PipelineCommand } from '../../runbook/risk/output-pipeline.ts';
import type { Judgement } from './judge-step.ts';
import { trimGot } from './pick-relevant-line.ts';

/** Compose's own options before the subcommand that take a value. */
const COMPOSE_VALUES = new Set(['-f', '--file', '-p', '--project-name', '--project-directory', '--env-file']);
const SERVICE_NAME = /^[a-z0-9][\w.-]*$/i;
const DOWN = /\b(exited|restarting|dead|created|paused|removing)\b|\(unhealthy\)/i;

/**
 * `docker compose ps SERVICE` with no written expectation still means "is it up?": Compose v2
 * lists only running containers, so an empty table is a stopped service, and a row whose STATUS
 * says Exited, Restarting or unhealthy is a failure. Null when the step is not such a command.
 */
export function judgeComposePs(pipeline: readonly PipelineCommand[], output: string): Judgement | null {
  if (pipeline.length !== 1) return null;
  const service = composePsService(pipeline[0]!);
  if (service === null) return null;
  const rows = output.split('\n').filter((line) => line.trim() && !/^NAME\s+/.test(line));
  const row = rows.find((line) => new RegExp(`\\s${service}\\s`).test(line)) ?? rows[0];
  if (!row) {
    return {
      status: 'fail',
      detail: { kind: 'expected_got', expected: 'Up', got: `${service}: stopped (not listed by compose ps)` },
    };
  }
  const status =
    /\b(Up|Exited|Restarting|Created|Paused|Dead|Removing)\b.*?(?=\s{2,}|$)/.exec(row)?.[0] ?? row;
  if (DOWN.test(status) || !/\bUp\b/.test(status)) {
    return {
      status: 'fail',
      detail: { kind: 'expected_got', expected: 'Up', got: trimGot(`${service}: ${status}`) },
    };
  }
  return {
    status: 'pass',
    detail: { kind: 'matched', expected: 'Up', got: trimGot(`${service}: ${status}`) },
  };
}

/** `docker compose [-f FILE|-p NAME]… ps [-a] SERVICE` (or `docker-compose …`) -> SERVICE; null otherwise. */
function composePsService(command: PipelineCommand): string | null {
  const args =
    command.program === 'docker' && command.args[0] === 'compose'
      ? command.args.slice(1)
      : command.program === 'docker-compose'
        ? command.args
        : null;
  if (args === null) return null;
  let at = 0;
  while (at < args.length && args[at]!.startsWith('-')) at += COMPOSE_VALUES.has(args[at]!) ? 2 : 1;
  if (args[at] !== 'ps') return null;
  const rest = args.slice(at + 1).filter((arg) => arg !== '-a' && arg !== '--all');
  return rest.length === 1 && SERVICE_NAME.test(rest[0]!) ? rest[0]! : null;
}
