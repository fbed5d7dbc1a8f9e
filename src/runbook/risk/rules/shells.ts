import { hasOption, type OptionSpec, optionValues } from '../option-parser.ts';
import { change, read, within } from '../risk-verdict.ts';
import type { RiskRule } from '../rule-types.ts';
import { words } from '../words.ts';
import { withOptions } from './rule-helpers.ts';

const SHELL_SPEC: OptionSpec = {
  flags: '-e -u -x -v -l -c -f -n -B -C -E -h -H -P -T -a --login --norc --noprofile --posix --noediting',
  values: '-o +o -O +O --rcfile --init-file',
  stopAtOperand: true,
};

/** bash/sh -c TEXT: the text is parsed as shell; a script file or stdin of unknown text changes. */
const shell: RiskRule = withOptions(SHELL_SPEC, ({ options, operands, rest }, context) => {
  const { program, stdin } = context;
  const pipefailOnly = optionValues(options, '-o', '+o', '-O', '+O').every(
    (value) =>
      value.isStatic &&
      ['pipefail', 'errexit', 'nounset', 'xtrace', 'noglob', 'noclobber'].includes(value.text),
  );
  if (!pipefailOnly) return change(`${program} -o with an option that changes how it reads`);
  if (hasOption(options, '--rcfile', '--init-file')) return change(`${program} --rcfile (runs another file)`);
  if (hasOption(options, '-c')) {
    const text = operands[0];
    if (!text) return change(`${program} -c without text`);
    if (!text.isStatic) return change(`${program} -c ${text.text} (text known only at run time)`);
    return within(`${program} -c`, context.judgeScript(text.text, stdin));
  }
  if (operands.length > 0 || rest.length > 0)
    return change(`${program} ${operands[0]?.text} (runs a script file)`);
  if (stdin.kind === 'text')
    return within(`${program} (stdin)`, context.judgeScript(stdin.text, { kind: 'none' }));
  return change(`${program} running commands from ${stdin.kind === 'stream' ? stdin.origin : 'stdin'}`);
});

/** su [-] [user] -c TEXT. */
const su: RiskRule = withOptions(
  { flags: '- -l --login -m -p --preserve-environment', values: '-c --command -g -G --group --supp-group' },
  ({ options }, context) => {
    const text = optionValues(options, '-c', '--command')[0];
    if (!text) return change('su (an interactive shell)');
    if (!text.isStatic) return change(`su -c ${text.text} (text known only at run time)`);
    return within('su -c', context.judgeScript(text.text, context.stdin));
  },
);

/** Interpreters run programs we do not read: change, except asking for the version. */
const interpreter: RiskRule = (args, { program }) =>
  args.length === 1 && args[0]?.isStatic && ['--version', '-V', '-v', 'version'].includes(args[0].text)
    ? read(`${program} --version`)
    : change(`${program} (runs a program)`);

export const SHELL_RULES: Record<string, RiskRule> = {
  ...Object.fromEntries(words('bash sh zsh dash ksh ash busybox-sh').map((name) => [name, shell])),
  su,
  ...Object.fromEntries(
    words(
      'python python2 python3 perl ruby node nodejs deno php lua luajit Rscript tclsh expect pwsh osascript java',
    ).map((name) => [name, interpreter]),
  ),
  ssh: () => change('ssh (runs commands on another host)'),
  scp: () => change('scp (copies files)'),
};
