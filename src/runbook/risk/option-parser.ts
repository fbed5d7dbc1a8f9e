import { change, type RiskVerdict } from './risk-verdict.ts';
import type { ShellWord } from './shell-word.ts';
import { words } from './words.ts';

/**
 * The options a program is known to accept without writing anything (an allowlist). Written as
 * text: `flags: '-s -S --silent'`, `values: '-m --max-time'` (take a value: `-m 5`, `-m5`,
 * `--max-time=5`, `--max-time 5`). Anything else is refused by `parseOptions`.
 */
export interface OptionSpec {
  flags?: string;
  values?: string;
  /** Options whose value is optional and only attached (`-I` / `-Iseconds`, `--color[=when]`). */
  optional?: string;
  /** `-5` means a count (`head -5`, `tail -100`, `grep -3`). */
  numeric?: boolean;
  /** Options end at the first operand (POSIX order; wrappers, `find`). */
  stopAtOperand?: boolean;
}

export interface ParsedOption {
  name: string;
  value?: ShellWord;
}

export type ParsedArgs =
  | { ok: true; options: ParsedOption[]; operands: ShellWord[]; rest: ShellWord[] }
  | { ok: false; verdict: RiskVerdict };

interface CompiledSpec {
  flags: Set<string>;
  values: Set<string>;
  optional: Set<string>;
  numeric: boolean;
  stopAtOperand: boolean;
}

const compiled = new WeakMap<OptionSpec, CompiledSpec>();

function compile(spec: OptionSpec): CompiledSpec {
  const known = compiled.get(spec);
  if (known) return known;
  const list = (text?: string) => new Set(text ? words(text) : []);
  const result = {
    flags: list(spec.flags),
    values: list(spec.values),
    optional: list(spec.optional),
    numeric: spec.numeric ?? false,
    stopAtOperand: spec.stopAtOperand ?? false,
  };
  compiled.set(spec, result);
  return result;
}

export const unknownOption = (program: string, option: string): RiskVerdict =>
  change(`${program} ${option} (option not known to be read-only)`);

export const splitsIntoOptions = (program: string, word: ShellWord): RiskVerdict =>
  change(`${program} ${word.text} (an unquoted expansion could add options or words)`);

/**
 * Splits a program's arguments into known options and operands, refusing any option the spec does
 * not list and any expansion that could turn into one. `rest` is what follows the first operand
 * when `stopAtOperand` is set (the wrapped command of `sudo`, `timeout`, …).
 */
export function parseOptions(program: string, args: ShellWord[], spec: OptionSpec): ParsedArgs {
  const { flags, values, optional, numeric, stopAtOperand } = compile(spec);
  const options: ParsedOption[] = [];
  const operands: ShellWord[] = [];
  const fail = (verdict: RiskVerdict): ParsedArgs => ({ ok: false, verdict });
  let endOfOptions = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as ShellWord;
    if (endOfOptions) {
      if (arg.mayBeOption && !stopAtOperand) return fail(splitsIntoOptions(program, arg));
      operands.push(arg);
      continue;
    }
    if (!arg.isStatic) {
      if (arg.mayBeOption) return fail(splitsIntoOptions(program, arg));
      if (arg.prefix.startsWith('-')) {
        // `"--since=$T"`: a known option with a value computed at run time
        const name = arg.prefix.startsWith('--') ? arg.prefix.split('=')[0] : undefined;
        if (name && arg.prefix.includes('=') && (values.has(name) || optional.has(name))) {
          options.push({ name, value: { ...arg, prefix: arg.prefix.slice(name.length + 1) } });
          continue;
        }
        return fail(unknownOption(program, arg.text));
      }
      operands.push(arg);
      if (stopAtOperand) {
        return { ok: true, options, operands, rest: args.slice(i + 1) };
      }
      continue;
    }
    const text = arg.text;
    if (text === '--') {
      endOfOptions = true;
      if (stopAtOperand) return { ok: true, options, operands, rest: args.slice(i + 1) };
      continue;
    }
    if (!text.startsWith('-') || text === '-') {
      operands.push(arg);
      if (stopAtOperand) return { ok: true, options, operands, rest: args.slice(i + 1) };
      continue;
    }
    if (flags.has(text)) {
      options.push({ name: text });
      continue;
    }
    if (values.has(text)) {
      const value = args[i + 1];
      if (value === undefined) return fail(change(`${program} ${text} without its value`));
      if (value.mayBeOption) return fail(splitsIntoOptions(program, value));
      options.push({ name: text, value });
      i++;
      continue;
    }
    if (text.startsWith('--')) {
      const at = text.indexOf('=');
      const name = at === -1 ? text : text.slice(0, at);
      if (at !== -1 && (values.has(name) || optional.has(name))) {
        const value = text.slice(at + 1);
        options.push({ name, value: { text: value, isStatic: true, mayBeOption: false, prefix: value } });
        continue;
      }
      if (at === -1 && optional.has(name)) {
        options.push({ name });
        continue;
      }
      return fail(unknownOption(program, name));
    }
    if (numeric && /^-\d+$/.test(text)) {
      options.push({
        name: '-#',
        value: { text: text.slice(1), isStatic: true, mayBeOption: false, prefix: text.slice(1) },
      });
      continue;
    }
    // bundled short options: `-fsSL`, `-n5`, `-qO-`
    for (let at = 1; at < text.length; at++) {
      const name = `-${text[at]}`;
      const attached = text.slice(at + 1);
      if (values.has(name) || (optional.has(name) && attached !== '')) {
        if (attached !== '') {
          options.push({
            name,
            value: { text: attached, isStatic: true, mayBeOption: false, prefix: attached },
          });
          break;
        }
        const value = args[i + 1];
        if (value === undefined) return fail(change(`${program} ${name} without its value`));
        if (value.mayBeOption) return fail(splitsIntoOptions(program, value));
        options.push({ name, value });
        i++;
        break;
      }
      if (flags.has(name) || optional.has(name)) {
        options.push({ name });
        continue;
      }
      return fail(
        name === text
          ? unknownOption(program, text)
          : change(`${program} ${text} (option ${name} not known to be read-only)`),
      );
    }
  }
  return { ok: true, options, operands, rest: [] };
}

/** The values given to any of `names` (`-e`, `--expression`). */
export const optionValues = (options: ParsedOption[], ...names: string[]): ShellWord[] =>
  options.flatMap((option) => (names.includes(option.name) && option.value ? [option.value] : []));

export const hasOption = (options: ParsedOption[], ...names: string[]): boolean =>
  options.some((option) => names.includes(option.name));
