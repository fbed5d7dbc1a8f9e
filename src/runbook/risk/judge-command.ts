import { posix } from 'node:path';
import { assignedName, hijacksPrograms } from './hijack-variables.ts';
import { change, type RiskVerdict, unrecognised } from './risk-verdict.ts';
import type { RuleContext } from './rule-types.ts';
import { RISK_RULES } from './rules/index.ts';
import type { ShellWord } from './shell-word.ts';
import type { Stdin } from './stdin.ts';
import { holdsShellCode } from './variable-names.ts';

/** Directories whose programs are the system's own: `/usr/bin/grep` is judged as `grep`. */
const SYSTEM_DIRS = new Set(['/bin', '/usr/bin', '/sbin', '/usr/sbin', '/usr/local/bin']);
const MAX_DEPTH = 8;

export interface CommandScope {
  stdin: Stdin;
  depth: number;
  judgeScript: (text: string, stdin: Stdin, depth: number) => RiskVerdict;
  /** A function defined in the step: judged by its body. Undefined when `name` is not one. */
  callFunction: (name: string, stdin: Stdin, depth: number) => RiskVerdict | undefined;
}

/** The risk of one simple command given as words (`NAME=v … program args…`). */
export function judgeCommandWords(words: ShellWord[], scope: CommandScope): RiskVerdict {
  if (scope.depth > MAX_DEPTH) return unrecognised('commands nested too deep');
  let at = 0;
  for (; at < words.length; at++) {
    const word = words[at] as ShellWord;
    const name = assignedName(word.prefix);
    if (name === null) break;
    if (hijacksPrograms(name)) return change(`sets ${name} (changes what programs run)`);
    if (word.prefix.slice(0, word.prefix.indexOf('=')).includes('['))
      return change(`sets ${word.text} (a subscript is evaluated as code)`);
    if (word.isStatic ? holdsShellCode(word.text) : /[<>$]\(|`/.test(word.text))
      return change(`sets ${name} to text from a command or holding code (${word.text})`);
  }
  const [first, ...args] = words.slice(at);
  if (first === undefined) return { risk: 'read', recognised: true, reason: 'variable assignment' };
  if (!first.isStatic) return change(`the program name is known only at run time (${first.text})`);
  let program = first.text;
  if (program.includes('/')) {
    if (!SYSTEM_DIRS.has(posix.dirname(posix.normalize(program))))
      return change(`runs ${program} (a file outside the system directories)`);
    program = posix.basename(program);
  } else {
    const called = scope.callFunction(program, scope.stdin, scope.depth + 1);
    if (called) return called;
  }
  const rule = Object.hasOwn(RISK_RULES, program) ? RISK_RULES[program] : undefined;
  if (!rule) return unrecognised(program);
  const context: RuleContext = {
    program,
    stdin: scope.stdin,
    judgeWords: (inner, stdin) => judgeCommandWords(inner, { ...scope, stdin, depth: scope.depth + 1 }),
    judgeScript: (text, stdin) => scope.judgeScript(text, stdin, scope.depth + 1),
  };
  return rule(args, context);
}
