import { closest } from 'fastest-levenshtein';
import { z } from 'zod';
import { splitParamArgument } from '../runbook/params/resolve-params.ts';
import { type BoundRunbook, BUILTIN_SUBCOMMANDS, findSection, namedSubcommands } from './catalog.ts';

/** What a person asked for. Text typed in Slack only ever selects one of these; it never reaches a shell. */
export type Intent =
  | { kind: 'help' }
  | { kind: 'status' }
  | { kind: 'resolve' }
  | { kind: 'impact'; level: 'many' }
  | {
      kind: 'section';
      sectionId: string;
      subcommand: string;
      breakGlass: string | null;
      /** `pod=api-7d9f` words: parameter values as typed (checked later against the binding's rules). */
      params?: Record<string, string>;
      /** Binding targets named after the subcommand (`diagnose api-2`); absent: the default targets. */
      targets?: string[];
    }
  | {
      kind: 'invalid';
      message: string;
      suggestion: string | null;
      /** Set when the first word is not a subcommand the binding maps (nor a built-in one). */
      unknownWord?: string;
    };

const MAX_TEXT = 500;
const sectionIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,120}$/);
const reasonSchema = z.string().trim().min(5).max(300);

/** Splits on blanks, keeping "double" or 'single' quoted phrases whole (quotes removed). */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const pattern = /"([^"]*)"|'([^']*)'|“([^”]*)”|(\S+)/g;
  for (const match of text.matchAll(pattern)) tokens.push(match[1] ?? match[2] ?? match[3] ?? match[4] ?? '');
  return tokens;
}

function invalid(message: string, suggestion: string | null = null): Intent {
  return { kind: 'invalid', message, suggestion };
}

/**
 * Parses the text after the slash command against a fixed grammar:
 * `help` | `status` | `resolve` | `impact many` | `run <section-id>` | `<subcommand>`, then target
 * names of the binding (`api-2`, repeatable), then parameter values `name=value` (repeatable), then
 * `[--break-glass "reason"]`.
 */
export function parseCommandText(text: string, bound: BoundRunbook): Intent {
  if (text.length > MAX_TEXT) return invalid(`the command text is longer than ${MAX_TEXT} characters`);
  const [word = '', ...rest] = tokenize(text.trim());
  const name = word.toLowerCase();
  const subcommands = namedSubcommands(bound);
  if (name === '' || name === 'help')
    return rest.length ? invalid('`help` takes no arguments') : { kind: 'help' };
  if (name === 'status' || name === 'resolve') {
    return rest.length ? invalid(`\`${name}\` takes no arguments`) : { kind: name };
  }
  if (name === 'impact') {
    return rest.length === 1 && rest[0]?.toLowerCase() === 'many'
      ? { kind: 'impact', level: 'many' }
      : invalid('usage: `impact many`', 'impact many');
  }
  let sectionId: string;
  let args = rest;
  if (name === 'run') {
    const [id = '', ...more] = rest;
    const parsed = sectionIdSchema.safeParse(id);
    const ids = bound.runbook.sections.filter((s) => s.steps.length > 0).map((s) => s.id);
    if (!parsed.success || !findSection(bound.runbook, parsed.data)) {
      return invalid(
        id ? `unknown section \`${id.slice(0, 80)}\`` : 'usage: `run <section-id>`',
        ids.length ? closest(id || 'x', ids) : null,
      );
    }
    sectionId = parsed.data;
    args = more;
  } else {
    const mapped = subcommands.find((entry) => entry.name === name);
    if (!mapped) {
      const known = [...subcommands.map((entry) => entry.name), ...BUILTIN_SUBCOMMANDS];
      return {
        kind: 'invalid',
        message: `unknown subcommand \`${word.slice(0, 40)}\``,
        suggestion: closest(name, known),
        unknownWord: word.slice(0, 40),
      };
    }
    sectionId = mapped.section.id;
  }
  // `diagnose api-2 api-3`: names of the binding's targets, right after the subcommand.
  const targets: string[] = [];
  const targetNames = Object.keys(bound.binding.targets ?? {});
  while (args[0] !== undefined && targetNames.includes(args[0])) {
    if (!targets.includes(args[0])) targets.push(args[0]);
    args = args.slice(1);
  }
  const params: Record<string, string> = {};
  while (args[0] !== undefined && args[0] !== '--break-glass') {
    const pair = splitParamArgument(args[0]);
    if (!pair) break;
    const [key, value] = pair;
    if (Object.hasOwn(params, key)) return invalid(`parameter \`${key.slice(0, 40)}\` is given twice`);
    params[key] = value;
    args = args.slice(1);
  }
  let breakGlass: string | null = null;
  if (args.length > 0) {
    if (args[0] !== '--break-glass') {
      const word = String(args[0]);
      // A bare word where a target may stand: most likely a mistyped host name.
      if (targetNames.length > 0 && !word.includes('=') && targets.length === 0) {
        return invalid(
          `unknown target \`${word.slice(0, 40)}\` (targets: ${targetNames.join(', ')})`,
          closest(word.toLowerCase(), targetNames),
        );
      }
      return invalid(`unexpected \`${word.slice(0, 40)}\``);
    }
    const reason = reasonSchema.safeParse(args.slice(1).join(' '));
    if (!reason.success) return invalid('`--break-glass` needs a reason in quotes (5 to 300 characters)');
    breakGlass = reason.data;
  }
  const intent: Intent = {
    kind: 'section',
    sectionId,
    subcommand: name === 'run' ? 'run' : name,
    breakGlass,
  };
  const withParams = Object.keys(params).length > 0 ? { ...intent, params } : intent;
  return targets.length > 0 ? { ...withParams, targets } : withParams;
}
