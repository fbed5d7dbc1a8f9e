import type { PipelineCommand } from '../../runbook/risk/output-pipeline.ts';
import type { Judgement } from './judge-step.ts';
import { trimGot } from './pick-relevant-line.ts';

/** What the built-in systemd judge expects when the runbook wrote nothing. */
export const SERVICE_EXPECTED = 'active';

/** A unit still starting after this long is stuck, not starting. */
export const ACTIVATING_TOO_LONG_S = 60;

/** systemctl options that take a value (`-n 20`, `--lines 20`, `-H host`…): not unit names. */
const SYSTEMCTL_VALUES = new Set([
  '-n',
  '--lines',
  '-o',
  '--output',
  '-H',
  '--host',
  '-M',
  '--machine',
  '-p',
  '--property',
  '-t',
  '--type',
  '--state',
]);
const GOOD = new Set(['active', 'reloading']);

interface UnitState {
  unit: string | null;
  /** `active`, `inactive`, `failed`, `activating`, `deactivating`… */
  active: string;
  /** The rest of the Active: line: `(running) since …`, `(Result: exit-code) …`. */
  rest: string;
}

/**
 * `systemctl status UNIT` and `systemctl is-active UNIT` with no written expectation still mean
 * "is the service up?": inactive, failed, deactivating, and a unit restarting in a loop
 * (`activating (auto-restart)`) or starting for longer than a minute fail, naming the unit and
 * its state. A unit starting for less than that is reported, not judged. Works whatever the
 * exit code (systemctl exits 3 for a unit that is not active). Null when the step is not such a
 * command or no state is printed (e.g. "Unit x.service could not be found": the exit code says it).
 */
export function judgeServiceState(pipeline: readonly PipelineCommand[], output: string): Judgement | null {
  const first = pipeline[0];
  if (first?.program !== 'systemctl') return null;
  const { verb, operands } = systemctlWords(first.args);
  if (verb !== 'status' && verb !== 'is-active') return null;
  const states = verb === 'status' ? statusStates(output) : isActiveStates(output, operands);
  if (states.length === 0) return null;
  const bad = states.filter((state) => !GOOD.has(state.active) && !startingBriefly(state));
  const starting = states.filter(startingBriefly);
  const describe = (state: UnitState) =>
    `${state.unit ? `${state.unit}: ` : ''}${state.active}${state.rest ? ` ${state.rest}` : ''}`;
  if (bad.length > 0) {
    return {
      status: 'fail',
      detail: {
        kind: 'expected_got',
        expected: SERVICE_EXPECTED,
        got: trimGot(bad.map(describe).join(', ')),
      },
    };
  }
  if (starting.length > 0) {
    return {
      status: 'info',
      detail: {
        kind: 'expected_got',
        expected: SERVICE_EXPECTED,
        got: trimGot(starting.map(describe).join(', ')),
      },
    };
  }
  return {
    status: 'pass',
    detail: { kind: 'matched', expected: SERVICE_EXPECTED, got: trimGot(states.map(describe).join(', ')) },
  };
}

/** `systemctl --no-pager -n 20 status nginx redis` -> verb `status`, operands `nginx`, `redis`. */
function systemctlWords(args: readonly string[]): { verb: string | null; operands: string[] } {
  const words: string[] = [];
  for (let at = 0; at < args.length; at++) {
    const arg = args[at]!;
    if (SYSTEMCTL_VALUES.has(arg)) at++;
    else if (!arg.startsWith('-')) words.push(arg);
  }
  return { verb: words[0] ?? null, operands: words.slice(1) };
}

/** `● nginx.service - A high performance web server` then `Active: failed (Result: exit-code) since …`. */
function statusStates(output: string): UnitState[] {
  const states: UnitState[] = [];
  let unit: string | null = null;
  for (const line of output.split('\n')) {
    const header = /^[●○×*↻✗]?\s*([\w@.:-]+\.(?:service|socket|timer|target|mount|path|scope|slice))\b/u.exec(
      line.trim(),
    );
    if (header && !/^\s*Active:/.test(line)) unit = header[1]!;
    const active = /^\s*Active:\s+([a-z-]+)\s*(.*)$/.exec(line);
    if (active) states.push({ unit, active: active[1]!, rest: shortRest(active[2]!) });
  }
  return states;
}

/** One state word per line, in the order of the units asked for. */
function isActiveStates(output: string, units: string[]): UnitState[] {
  const words = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) =>
      /^(?:active|inactive|failed|activating|deactivating|reloading|unknown|maintenance|refreshing)$/.test(
        line,
      ),
    );
  return words.map((active, index) => ({ unit: units[index] ?? null, active, rest: '' }));
}

/** `(running) since Tue 2024-03-05 10:00:01 UTC; 2h 5min ago` -> `(running) 2h 5min ago`. */
function shortRest(rest: string): string {
  const parens = rest.match(/\([^)]*\)/g)?.join(' ') ?? '';
  const ago = /;\s*(.+ ago)\s*$/.exec(rest)?.[1];
  return [parens, ago ? `· ${ago}` : ''].filter(Boolean).join(' ');
}

/** Starting (not a restart loop) for less than ACTIVATING_TOO_LONG_S, or for an unknown time. */
function startingBriefly(state: UnitState): boolean {
  if (state.active !== 'activating' || /auto-restart/.test(state.rest)) return false;
  const ago = /·\s*(.+) ago/.exec(state.rest)?.[1];
  if (ago === undefined) return true;
  return agoSeconds(ago) < ACTIVATING_TOO_LONG_S;
}

/** `2h 5min`, `1min 30s`, `45s`, `500ms`, `3 days` -> seconds. */
function agoSeconds(text: string): number {
  const units: Record<string, number> = {
    ms: 0.001,
    s: 1,
    min: 60,
    h: 3600,
    d: 86_400,
    day: 86_400,
    days: 86_400,
    w: 604_800,
    month: 2_629_800,
    months: 2_629_800,
    y: 31_557_600,
    years: 31_557_600,
  };
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)\s*(ms|s|min|h|days?|d|w|months?|y|years?)\b/g)) {
    total += Number(amount) * (units[unit!] ?? 0);
  }
  return total;
}
