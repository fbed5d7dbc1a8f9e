import { posix } from 'node:path';
import { RISK_RULES } from './risk-rules.ts';
import { change, combineVerdicts, type RiskVerdict, unrecognised } from './risk-verdict.ts';
import { splitShellCommands } from './split-shell-commands.ts';

export type { RiskVerdict } from './risk-verdict.ts';

/** Wrappers that run the rest of the line: judged by what they run. Value = options taking a value. */
const WRAPPERS: Record<string, ReadonlySet<string>> = {
  sudo: new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-U']),
  doas: new Set(['-u', '-C']),
  time: new Set(['-f', '-o']),
  nice: new Set(['-n']),
  ionice: new Set(['-c', '-n']),
  nohup: new Set(),
  command: new Set(),
  builtin: new Set(),
  exec: new Set(['-a']),
  stdbuf: new Set(['-i', '-o', '-e']),
};
/** Package runners: `pnpm prisma …`, `npx prisma …` are judged as `prisma …`. */
const RUNNERS = new Set(['npx', 'pnpx', 'bunx', 'pnpm', 'yarn', 'npm', 'bun']);
const RUNNER_SUBCOMMANDS = new Set(['exec', 'dlx', 'x']);
const RUNNER_CHANGES = new Set([
  'install',
  'i',
  'add',
  'remove',
  'rm',
  'uninstall',
  'update',
  'upgrade',
  'ci',
  'link',
  'publish',
  'prune',
]);
const MAX_DEPTH = 8;

function stripWrapper(words: string[]): string[] | null {
  const [program = '', ...rest] = words;
  const withValue = WRAPPERS[program];
  if (program === 'timeout') {
    const at = rest.findIndex((word) => !word.startsWith('-'));
    return at === -1 ? null : rest.slice(at + 1);
  }
  if (!withValue) return null;
  let i = 0;
  while (i < rest.length && (rest[i] ?? '').startsWith('-')) i += withValue.has(rest[i] ?? '') ? 2 : 1;
  return rest.slice(i);
}

function judgeRunner(program: string, args: string[], judge: (words: string[]) => RiskVerdict): RiskVerdict {
  let rest = args.filter((arg) => !arg.startsWith('-'));
  if (program === 'npm' && rest[0] !== 'exec' && rest[0] !== 'x') {
    return RUNNER_CHANGES.has(rest[0] ?? '')
      ? change(`npm ${rest[0]}`)
      : unrecognised(`npm ${rest[0] ?? ''}`.trim());
  }
  if (RUNNER_SUBCOMMANDS.has(rest[0] ?? '')) rest = rest.slice(1);
  if (RUNNER_CHANGES.has(rest[0] ?? '')) return change(`${program} ${rest[0]}`);
  const dashAt = args.indexOf('--');
  const inner = dashAt === -1 ? args.slice(args.indexOf(rest[0] ?? '')) : args.slice(dashAt + 1);
  return inner.length === 0 ? unrecognised(program) : judge(inner);
}

function judgeWords(words: string[], depth: number): RiskVerdict {
  if (depth > MAX_DEPTH) return unrecognised('nesting too deep');
  let rest = words;
  while (rest[0] !== undefined && /^[A-Za-z_][A-Za-z0-9_]*=/.test(rest[0])) rest = rest.slice(1);
  const [first, ...args] = rest;
  if (first === undefined) return { risk: 'read', recognised: true, reason: 'variable assignment' };
  const program = posix.basename(first);
  const judge = (inner: string[]) => judgeWords(inner, depth + 1);
  const unwrapped = stripWrapper([program, ...args]);
  if (unwrapped) return unwrapped.length === 0 ? unrecognised(program) : judge(unwrapped);
  if (
    (program === 'bash' || program === 'sh' || program === 'zsh') &&
    args[0] === '-c' &&
    args[1] !== undefined
  ) {
    return classifyAtDepth(args[1], depth + 1);
  }
  if (RUNNERS.has(program)) return judgeRunner(program, args, judge);
  const rule = RISK_RULES[program];
  return rule ? rule(args, judge) : unrecognised(program);
}

function classifyAtDepth(command: string, depth: number): RiskVerdict {
  const { commands, substitutions, unparsable } = splitShellCommands(command);
  if (unparsable) return unrecognised('shell text that cannot be parsed');
  const verdicts = commands.map((simple) => {
    const verdict = judgeWords(simple.words, depth);
    const target = simple.writesTo[0];
    return target === undefined
      ? verdict
      : change(`${simple.words[0] ?? 'redirect'} > ${target} (writes a file)`);
  });
  for (const inner of substitutions) verdicts.push(classifyAtDepth(inner, depth + 1));
  if (verdicts.length === 0) return unrecognised('empty command');
  return combineVerdicts(verdicts);
}

/**
 * Risk of one runbook command (DESIGN §3), default-deny: `read` only when every command of the
 * pipeline/list is known to be read-only; `sensitive` when one prints secrets; else `change`.
 */
export function classifyRisk(command: string): RiskVerdict {
  return classifyAtDepth(command, 0);
}
