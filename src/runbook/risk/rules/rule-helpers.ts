import { type OptionSpec, type ParsedOption, parseOptions } from '../option-parser.ts';
import { change, type RiskVerdict, read, sensitive } from '../risk-verdict.ts';
import type { RiskRule, RuleContext } from '../rule-types.ts';
import { isSecretFile } from '../secret-patterns.ts';
import type { ShellWord } from '../shell-word.ts';

export interface Parsed {
  options: ParsedOption[];
  operands: ShellWord[];
  rest: ShellWord[];
}

/** A rule that first checks the options against `spec`, then runs `judge` on what it parsed. */
export function withOptions(
  spec: OptionSpec,
  judge: (parsed: Parsed, context: RuleContext) => RiskVerdict,
): RiskRule {
  return (args, context) => {
    const parsed = parseOptions(context.program, args, spec);
    return parsed.ok ? judge(parsed, context) : parsed.verdict;
  };
}

/** Every option of the program is read-only (checked: none writes, sends or runs anything). */
export const anyOptionRead: RiskRule = (_args, context) => read(context.program);

/** The first operand that names a secret file (`.env`, `id_rsa`, …). */
export const secretOperand = (words: ShellWord[]): ShellWord | undefined =>
  words.find((word) => isSecretFile(word.isStatic ? word.text : word.prefix));

/** A program that prints files: read, sensitive for a secret file, change past `maxOperands`. */
export function readerRule(spec: OptionSpec, maxOperands = Number.POSITIVE_INFINITY): RiskRule {
  return withOptions(spec, ({ operands, options }, { program }) => {
    if (operands.length > maxOperands)
      return change(`${program} with ${operands.length} files (the last one is written)`);
    const secret = secretOperand([...operands, ...options.flatMap((option) => option.value ?? [])]);
    return secret ? sensitive(`${program} ${secret.text} (secret file)`) : read(program);
  });
}

/** The literal text of words, or null when one is known only at run time. */
export const staticTexts = (words: ShellWord[]): string[] | null =>
  words.every((word) => word.isStatic) ? words.map((word) => word.text) : null;

/** `record[key]` for the record's own keys only (`constructor`, `__proto__` are not programs). */
export const own = <T>(record: Record<string, T>, key: string): T | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;
