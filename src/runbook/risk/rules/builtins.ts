import { change, read, sensitive, within } from '../risk-verdict.ts';
import type { RiskRule } from '../rule-types.ts';
import { mentionsSecretVariable } from '../secret-patterns.ts';
import type { ShellWord } from '../shell-word.ts';
import { NO_STDIN } from '../stdin.ts';
import { judgeVariableName, splitBuiltinArgs } from '../variable-names.ts';
import { words } from '../words.ts';
import { anyOptionRead } from './rule-helpers.ts';

const printer: RiskRule = (args, { program }) =>
  args.some((arg) => mentionsSecretVariable(arg.text))
    ? sensitive(`${program} of a secret variable`)
    : read(program);

/** The first verdict of names judged as variable names, or null when all are plain. */
const judgeNames = (names: (ShellWord | null | undefined)[], program: string, writes = true) => {
  for (const name of names) {
    if (!name) continue;
    const verdict = judgeVariableName(name, program, writes);
    if (verdict) return verdict;
  }
  return null;
};

/** A builtin that assigns or looks up variables named by its operands / options. */
const namingBuiltin =
  (
    withValue: string,
    nameOptions: string,
    operandNames: (operands: ShellWord[]) => ShellWord[],
    writes = true,
  ): RiskRule =>
  (args, { program }) => {
    const split = splitBuiltinArgs(args, withValue);
    if (!split) return change(`${program} with options known only at run time`);
    if (program === 'mapfile' || program === 'readarray') {
      if (split.options.has('C')) return change(`${program} -C (runs a callback)`);
    }
    if (program === 'compgen' && (split.options.has('C') || split.options.has('F')))
      return change('compgen -C/-F (runs a command or function)');
    if (program === 'compgen') {
      const wordList = split.options.get('W');
      if (wordList && (!wordList.isStatic || /[$`]/.test(wordList.text)))
        return change('compgen -W with expansions (the word list is expanded)');
    }
    const named = [...nameOptions].map((letter) => split.options.get(letter));
    return judgeNames([...named, ...operandNames(split.operands)], program, writes) ?? read(program);
  };

/** `test -v NAME` / `[ -v NAME ]`: a subscript in NAME is evaluated as arithmetic. */
const testRule: RiskRule = (args, { program }) => {
  const operands = program === '[' && args.at(-1)?.text === ']' ? args.slice(0, -1) : args;
  for (let i = 0; i < operands.length; i++) {
    const arg = operands[i] as ShellWord;
    if (arg.isStatic && (arg.text === '-v' || arg.text === '-R')) {
      const verdict = judgeNames([operands[i + 1]], program, false);
      if (verdict) return verdict;
    }
  }
  return read(program);
};

const printfRule: RiskRule = (args, context) => {
  const first = args[0];
  if (first && (!first.isStatic || first.text.startsWith('-v'))) {
    const split = splitBuiltinArgs(args, 'v');
    if (!split) return change('printf with options known only at run time');
    const verdict = judgeNames([split.options.get('v')], 'printf -v');
    if (verdict) return verdict;
  }
  return printer(args, context);
};

/** `shopt -s`/`-u` change how the rest of the step is read (aliases, globbing…). */
const shopt: RiskRule = (args) =>
  args.every((arg) => arg.isStatic && (!arg.text.startsWith('-') || /^-[pqo]+$/.test(arg.text)))
    ? read('shopt (prints options)')
    : change('shopt (changes how the shell reads)');

/** `set` options that do not change how the rest of the step is read or run. */
const SAFE_SET_OPTIONS = new Set(
  words('errexit nounset xtrace verbose pipefail noglob noclobber errtrace functrace'),
);

const set: RiskRule = (args) => {
  if (args.length === 0) return sensitive('set (prints every variable)');
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as ShellWord;
    if (!arg.isStatic) return change(`set ${arg.text} (known only at run time)`);
    if (/^[-+][euxvfCET]*o$/.test(arg.text)) {
      const name = args[i + 1];
      if (name === undefined)
        return arg.text.length === 2
          ? read('set -o (prints options)')
          : change(`set ${arg.text} without an option name`);
      if (!name.isStatic || !SAFE_SET_OPTIONS.has(name.text))
        return change(`set -o ${name.text} (changes how the shell runs)`);
      i++;
      continue;
    }
    if (arg.text === '--' || arg.text === '-') return read('set (positional parameters)');
    if (!/^[-+][euxvfCETo]+$/.test(arg.text)) return change(`set ${arg.text} (changes how the shell runs)`);
  }
  return read('set (shell options)');
};

/** eval TEXT: the text is parsed as shell when it is known; otherwise anything may run. */
const evalRule: RiskRule = (args, context) => {
  const dynamic = args.find((arg) => !arg.isStatic);
  if (dynamic) return change(`eval ${dynamic.text} (text known only at run time)`);
  return within('eval', context.judgeScript(args.map((arg) => arg.text).join(' '), context.stdin));
};

const trap: RiskRule = (args, context) => {
  if (args.length === 0 || (args.length === 1 && ['-l', '-p'].includes(args[0]?.text ?? '')))
    return read('trap (prints traps)');
  const action = args[0] as ShellWord;
  if (!action.isStatic) return change(`trap ${action.text} (action known only at run time)`);
  if (action.text === '' || action.text === '-') return read('trap (resets a signal)');
  return within('trap', context.judgeScript(action.text, NO_STDIN));
};

/** command -v/-V only look a name up; otherwise it runs the command. */
const command: RiskRule = (args, context) => {
  const first = args[0];
  if (first?.isStatic && /^-p?[vV]$/.test(first.text)) return read('command -v');
  const inner = first?.isStatic && first.text === '-p' ? args.slice(1) : args;
  if (inner.length === 0) return read('command');
  return within('command', context.judgeWords(inner, context.stdin));
};

const exec: RiskRule = (args, context) => {
  if (args.length === 0)
    return change('exec with only redirections (changes where the rest of the step reads and writes)');
  const inner = args[0]?.isStatic && ['-c', '-l'].includes(args[0].text) ? args.slice(1) : args;
  return within('exec', context.judgeWords(inner, context.stdin));
};

const readOnlyNames = (...names: string[]): Record<string, RiskRule> =>
  Object.fromEntries(names.map((name) => [name, anyOptionRead]));

export const BUILTIN_RULES: Record<string, RiskRule> = {
  echo: printer,
  printf: printfRule,
  test: testRule,
  '[': testRule,
  read: namingBuiltin('adinNptu', 'a', (operands) => operands),
  mapfile: namingBuiltin('dnOsuCc', '', (operands) => operands),
  readarray: namingBuiltin('dnOsuCc', '', (operands) => operands),
  compgen: namingBuiltin('oAGWFCXPS', '', () => []),
  getopts: namingBuiltin('', '', (operands) => operands.slice(1, 2)),
  wait: namingBuiltin('p', 'p', () => []),
  unset: namingBuiltin('', '', (operands) => operands, false),
  set,
  eval: evalRule,
  trap,
  command,
  exec,
  builtin: (args, context) =>
    args.length === 0 ? read('builtin') : within('builtin', context.judgeWords(args, context.stdin)),
  printenv: () => sensitive('printenv (prints the environment)'),
  export: (args) =>
    args.length === 0 || args[0]?.text === '-p'
      ? sensitive('export (prints every variable)')
      : read('export'),
  alias: (args) =>
    args.length === 0 || (args.length === 1 && args[0]?.text === '-p')
      ? read('alias (prints aliases)')
      : change('alias (changes what a name runs)'),
  shopt,
  hash: (args) =>
    args.every(
      (arg) => (arg.isStatic && ['-r', '-l', '-t'].includes(arg.text)) || !arg.text.startsWith('-'),
    ) && !args.some((arg) => arg.text === '-p')
      ? read('hash')
      : change('hash -p (changes what a name runs)'),
  let: (args) =>
    args.every((arg) => arg.isStatic && !/[$`]/.test(arg.text))
      ? read('let')
      : change('let with expansions (arithmetic can run commands)'),
  source: (args) => change(`source ${args[0]?.text ?? ''} (runs another file)`.trim()),
  '.': (args) => change(`. ${args[0]?.text ?? ''} (runs another file)`.trim()),
  coproc: () => change('coproc (runs a background command)'),
  enable: () => change('enable (loads or replaces builtins)'),
  disown: () => change('disown (lets a process outlive the step)'),
  kill: () => change('kill'),
  ...readOnlyNames(
    'cd',
    'pushd',
    'popd',
    'dirs',
    'exit',
    'return',
    'shift',
    'unalias',
    'type',
    'ulimit',
    'umask',
    'jobs',
    'times',
    'caller',
    'help',
    'complete',
    'logout',
    'break',
    'continue',
  ),
};
