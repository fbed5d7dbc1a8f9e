import { assignedName, hijacksPrograms } from '../hijack-variables.ts';
import { hasOption, type OptionSpec } from '../option-parser.ts';
import { change, read, sensitive, within } from '../risk-verdict.ts';
import type { RiskRule, RuleContext } from '../rule-types.ts';
import { literalWord, type ShellWord } from '../shell-word.ts';
import { NO_STDIN } from '../stdin.ts';
import { withOptions } from './rule-helpers.ts';

/** A wrapper that runs the words after its options (and `skip` more operands, like timeout's duration). */
function wrapper(
  spec: OptionSpec,
  options: { skip?: number; empty?: (context: RuleContext) => ReturnType<RiskRule> } = {},
): RiskRule {
  return withOptions({ ...spec, stopAtOperand: true }, ({ operands, rest }, context) => {
    const inner = [...operands, ...rest].slice(options.skip ?? 0);
    if (inner.length === 0)
      return options.empty ? options.empty(context) : change(`${context.program} without a command`);
    return within(context.program, context.judgeWords(inner, context.stdin));
  });
}

/** Leading `NAME=value` words (env, sudo): refused when they hijack what runs. */
function assignments(words: ShellWord[]): { rest: ShellWord[]; hijack?: string } {
  let at = 0;
  for (; at < words.length; at++) {
    const name = assignedName((words[at] as ShellWord).prefix);
    if (name === null) break;
    if (hijacksPrograms(name)) return { rest: [], hijack: name };
  }
  return { rest: words.slice(at) };
}

const sudo: RiskRule = withOptions(
  {
    flags: '-n -E -H -k -K -S -P -A -B -l --non-interactive --preserve-env --set-home --list',
    values: '-u -g -C -D -h -p -U -r -t -T --user --group --chdir --prompt --close-from --host',
    stopAtOperand: true,
  },
  ({ operands, rest, options }, context) => {
    const { rest: inner, hijack } = assignments([...operands, ...rest]);
    if (hijack) return change(`sudo ${hijack}=… (changes what programs run)`);
    if (inner.length === 0)
      return hasOption(options, '-l', '--list', '-k', '-K')
        ? read('sudo -l')
        : change('sudo without a command');
    return within('sudo', context.judgeWords(inner, context.stdin));
  },
);

const env: RiskRule = withOptions(
  { flags: '-i -0 --ignore-environment --null', values: '-u --unset -C --chdir', stopAtOperand: true },
  ({ operands, rest }, context) => {
    const words = [...operands, ...rest].filter((word) => !(word.isStatic && word.text === '-'));
    const { rest: inner, hijack } = assignments(words);
    if (hijack) return change(`env ${hijack}=… (changes what programs run)`);
    if (inner.length === 0) return sensitive('env (prints the environment)');
    return within('env', context.judgeWords(inner, context.stdin));
  },
);

/** xargs runs its command with words read from stdin: those words may be anything, options too. */
const xargs: RiskRule = withOptions(
  {
    flags: '-0 -r -t -x --null --no-run-if-empty --verbose --exit',
    values:
      '-d -n -L -P -s -E -I -a --delimiter --max-args --max-lines --max-procs --max-chars --eof --replace --arg-file',
    stopAtOperand: true,
  },
  ({ operands, rest, options }, context) => {
    const command = [...operands, ...rest];
    const fromStdin: ShellWord = {
      text: '<words from stdin>',
      isStatic: false,
      mayBeOption: true,
      prefix: '',
    };
    const replace = options.find((option) => option.name === '-I' || option.name === '--replace')?.value
      ?.text;
    const inner =
      command.length === 0
        ? [literalWord('echo')]
        : replace
          ? command.map((word) => (word.text.includes(replace) ? fromStdin : word))
          : [...command, fromStdin];
    return within('xargs', context.judgeWords(inner, NO_STDIN));
  },
);

/** watch joins its words and runs them with `sh -c` (with `-x`, directly). */
const watch: RiskRule = withOptions(
  {
    flags:
      '-t -b -e -g -c -x -p -w -r --no-title --beep --errexit --chgexit --color --no-color --exec --precise --no-wrap --no-rerun',
    values: '-n -q --interval --equexit',
    optional: '-d --differences',
    stopAtOperand: true,
  },
  ({ operands, rest, options }, context) => {
    const command = [...operands, ...rest];
    if (command.length === 0) return change('watch without a command');
    if (hasOption(options, '-x', '--exec')) return within('watch', context.judgeWords(command, NO_STDIN));
    const dynamic = command.find((word) => !word.isStatic);
    if (dynamic) return change(`watch ${dynamic.text} (command known only at run time)`);
    return within('watch', context.judgeScript(command.map((word) => word.text).join(' '), NO_STDIN));
  },
);

/** `time` (the program): `-o FILE` writes, so only -p/-v/-f. */
const time = wrapper({ flags: '-p -v --portability --verbose', values: '-f --format' });

export const WRAPPER_RULES: Record<string, RiskRule> = {
  sudo,
  doas: wrapper({ flags: '-n', values: '-u -C' }),
  env,
  timeout: wrapper(
    { flags: '--preserve-status --foreground -v --verbose', values: '-s -k --signal --kill-after' },
    { skip: 1 },
  ),
  nice: wrapper({ values: '-n --adjustment', numeric: true }, { empty: () => read('nice') }),
  ionice: wrapper(
    { flags: '-t --ignore', values: '-c -n --class --classdata' },
    { empty: () => read('ionice') },
  ),
  nohup: wrapper({}),
  stdbuf: wrapper({ values: '-i -o -e --input --output --error' }),
  time,
  chrt: () => change('chrt (changes scheduling)'),
  taskset: () => change('taskset (changes CPU affinity)'),
  xargs,
  watch,
};
