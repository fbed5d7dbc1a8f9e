import { optionValues } from '../option-parser.ts';
import { change, read, sensitive, within } from '../risk-verdict.ts';
import type { RiskRule } from '../rule-types.ts';
import { isSecretFile } from '../secret-patterns.ts';
import { literalWord, type ShellWord } from '../shell-word.ts';
import { NO_STDIN } from '../stdin.ts';
import { awkProgramProblem, awkSecretFile } from './awk-program.ts';
import { secretOperand, withOptions } from './rule-helpers.ts';
import { sedScriptProblem } from './sed-script.ts';

/** sed without `-i` in any form, and a script that only prints. */
const sed: RiskRule = withOptions(
  {
    flags: `-n -E -r -s -u -z --quiet --silent --regexp-extended --separate --unbuffered --null-data
      --posix --debug --sandbox`,
    values: '-e -l --expression --line-length',
  },
  ({ options, operands }) => {
    const scripts = optionValues(options, '-e', '--expression');
    const files = scripts.length > 0 ? operands : operands.slice(1);
    if (scripts.length === 0 && operands[0]) scripts.push(operands[0]);
    if (scripts.length === 0) return change('sed without a script');
    const readFiles: string[] = [];
    for (const script of scripts) {
      if (!script.isStatic) return change(`sed script known only at run time (${script.text})`);
      const problem = sedScriptProblem(script.text, readFiles);
      if (problem) return change(`sed ${problem}`);
    }
    const secretRead = readFiles.find((file) => isSecretFile(file));
    if (secretRead) return sensitive(`sed r/R ${secretRead} (secret file)`);
    const secret = secretOperand(files);
    return secret ? sensitive(`sed ${secret.text} (secret file)`) : read('sed');
  },
);

const AWK_SPEC = {
  flags: '--posix --traditional --sandbox -S -b --characters-as-bytes -c -P -N --use-lc-numeric -M',
  values: '-F -v --field-separator --assign -e --source',
};

/** awk without `-f`/`-i` and with a program that only reads and prints. */
const awk: RiskRule = withOptions(AWK_SPEC, ({ options, operands }, { program }) => {
  const programs = optionValues(options, '-e', '--source');
  const files = programs.length > 0 ? operands : operands.slice(1);
  if (programs.length === 0 && operands[0]) programs.push(operands[0]);
  if (programs.length === 0) return change(`${program} without a program`);
  for (const text of programs) {
    if (!text.isStatic) return change(`${program} program known only at run time (${text.text})`);
    const problem = awkProgramProblem(text.text);
    if (problem) return change(`${program}: ${problem}`);
  }
  for (const text of programs) {
    const secretRead = awkSecretFile(text.text);
    if (secretRead)
      return sensitive(`${program} getline < ${secretRead} (secret file or a file known only at run time)`);
  }
  // `var=value` operands assign; any other operand is a file
  const secret = secretOperand(files.filter((file) => !/^[A-Za-z_]\w*=/.test(file.text)));
  return secret ? sensitive(`${program} ${secret.text} (secret file)`) : read(program);
});

const FIND_TESTS_WITH_VALUE = new Set(
  `-name -iname -path -ipath -wholename -iwholename -regex -iregex -regextype -type -xtype -user -group
  -uid -gid -perm -size -mtime -mmin -atime -amin -ctime -cmin -newer -anewer -cnewer -links -inum
  -samefile -lname -ilname -maxdepth -mindepth -used -fstype -context -printf`.split(/\s+/),
);
const FIND_FLAGS = new Set(
  `-empty -executable -readable -writable -nouser -nogroup -true -false -depth -d -mount -xdev -follow
  -noleaf -daystart -ignore_readdir_race -noignore_readdir_race -print -print0 -ls -prune -quit -a -o
  -not -and -or ( ) ! , -H -L -P`.split(/\s+/),
);

/** find: tests and printing actions; `-exec`/`-execdir` judged by the command they run. */
const find: RiskRule = (args, context) => {
  const verdicts = [];
  let i = 0;
  // starting points come first; `{}` in -exec becomes one of their paths, never an option
  while (
    i < args.length &&
    !(args[i] as ShellWord).prefix.startsWith('-') &&
    !['(', '!'].includes((args[i] as ShellWord).text)
  ) {
    const start = args[i] as ShellWord;
    if (start.mayBeOption) return change(`find ${start.text} (an unquoted expansion could add options)`);
    i++;
  }
  for (; i < args.length; i++) {
    const word = args[i] as ShellWord;
    if (!word.isStatic) return change(`find ${word.text} (an expression known only at run time)`);
    const text = word.text;
    if (FIND_FLAGS.has(text) || /^-D$|^-O\d$/.test(text)) {
      if (text === '-D') i++;
      continue;
    }
    if (FIND_TESTS_WITH_VALUE.has(text) || /^-newer[aBcmt][aBcmt]$/.test(text)) {
      if (args[i + 1]?.mayBeOption)
        return change(`find ${text} ${args[i + 1]?.text} (an unquoted expansion)`);
      i++;
      continue;
    }
    if (text === '-exec' || text === '-execdir') {
      const end = args.findIndex(
        (arg, at) => at > i && arg.isStatic && (arg.text === ';' || arg.text === '+'),
      );
      if (end === -1) return change(`find ${text} without its end (; or +)`);
      const inner = args
        .slice(i + 1, end)
        .map((arg) =>
          arg.isStatic && arg.text.includes('{}')
            ? { ...literalWord(arg.text), isStatic: false, prefix: '' }
            : arg,
        );
      verdicts.push(within(`find ${text}`, context.judgeWords(inner, NO_STDIN)));
      i = end;
      continue;
    }
    return change(`find ${text} (option not known to be read-only)`);
  }
  const worst =
    verdicts.find((verdict) => verdict.risk === 'change') ??
    verdicts.find((verdict) => verdict.risk === 'sensitive');
  return worst ?? read('find');
};

export const TEXT_TOOL_RULES: Record<string, RiskRule> = {
  sed,
  awk,
  gawk: awk,
  mawk: awk,
  nawk: awk,
  find,
};
