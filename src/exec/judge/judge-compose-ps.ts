import type { Judgement } from './judge-step.ts';
import { trimGot } from './pick-relevant-line.ts';
import { splitPipeline } from './split-pipeline.ts';

const COMPOSE_PS =
  /\bdocker(?:-compose|\s+compose)\b(?:\s+(?:-f|--file|-p|--project-name)\s+\S+)*\s+ps\s+(?:-a\s+|--all\s+)?([a-z0-9][\w.-]*)\s*$/i;
const DOWN = /\b(exited|restarting|dead|created|paused|removing)\b|\(unhealthy\)/i;

/**
 * `docker compose ps SERVICE` with no written expectation still means "is it up?": Compose v2
 * lists only running containers, so an empty table is a stopped service, and a row whose STATUS
 * says Exited, Restarting or unhealthy is a failure. Null when the step is not such a command.
 */
export function judgeComposePs(command: string, output: string): Judgement | null {
  const segments = splitPipeline(command);
  if (segments.length !== 1) return null;
  const match = COMPOSE_PS.exec(segments[0]!.trim());
  if (!match) return null;
  const service = match[1]!;
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
