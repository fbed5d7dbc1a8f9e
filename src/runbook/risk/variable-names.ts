import { hijacksPrograms } from './hijack-variables.ts';
import { change, type RiskVerdict } from './risk-verdict.ts';
import type { ShellWord } from './shell-word.ts';

/** Text bash may later run as code: arithmetic and `${!x}` expand `a[$(…)]` subscripts. */
export const holdsShellCode = (text: string): boolean => /\$\(|`|\$\{|\$\[/.test(text);

/**
 * A variable name a builtin writes or looks up (`read NAME`, `printf -v NAME`, `test -v NAME`):
 * a dynamic name or a subscript (`a[$(…)]` is evaluated as arithmetic) or a hijack => change.
 */
export function judgeVariableName(word: ShellWord, program: string, writes = true): RiskVerdict | null {
  if (!word.isStatic) return change(`${program} ${word.text} (variable name known only at run time)`);
  if (word.text.includes('[')) return change(`${program} ${word.text} (a subscript is evaluated as code)`);
  if (writes && hijacksPrograms(word.text))
    return change(`${program} ${word.text} (changes what programs run)`);
  return null;
}

/**
 * Splits builtin arguments into options and operands. `withValue`: option letters that take a value
 * (attached or the next word). Returns null when an option is known only at run time.
 */
export function splitBuiltinArgs(
  args: ShellWord[],
  withValue: string,
): { options: Map<string, ShellWord | null>; operands: ShellWord[] } | null {
  const options = new Map<string, ShellWord | null>();
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i] as ShellWord;
    if (!arg.isStatic) {
      if (arg.mayBeOption) return null;
      break;
    }
    if (arg.text === '--') {
      i++;
      break;
    }
    if (!/^-./.test(arg.text)) break;
    for (let at = 1; at < arg.text.length; at++) {
      const letter = arg.text[at] as string;
      if (withValue.includes(letter)) {
        const rest = arg.text.slice(at + 1);
        if (rest) options.set(letter, { text: rest, isStatic: true, mayBeOption: false, prefix: rest });
        else {
          options.set(letter, args[i + 1] ?? null);
          i++;
        }
        break;
      }
      options.set(letter, null);
    }
  }
  return { options, operands: args.slice(i) };
}
