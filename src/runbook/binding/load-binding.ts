import { closest } from 'fastest-levenshtein';
import { isMap, isPair, isScalar, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import { error, type Problem } from '../problem.ts';
import { readTextFile } from '../read-text-file.ts';
import { validKeysAt } from './binding-keys.ts';
import { type Binding, bindingSchema } from './binding-schema.ts';

export type BindingPath = readonly PropertyKey[];

/** A parsed binding with a way back to its lines (for problems found later, e.g. unknown ids). */
export interface BindingSource {
  file: string;
  /** Line of the value at `path` (of the key itself when `key` is true); 1 when unknown. */
  lineOf(path: BindingPath, key?: boolean): number;
}

export interface BindingLoad extends BindingSource {
  /** Null when the file has errors (every one of them is in `problems`). */
  binding: Binding | null;
  problems: Problem[];
  /**
   * When `binding` is null for schema errors: the binding with the wrong parts left out, so its
   * section and step ids can still be checked in the same lint run. Never used to run anything.
   */
  partial?: Binding | null;
}

const pathText = (path: BindingPath) =>
  path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : `${index ? '.' : ''}${String(segment)}`,
    )
    .join('');

function makeLineOf(doc: ReturnType<typeof parseDocument>, counter: LineCounter) {
  const lineAt = (offset: number | undefined) => (offset === undefined ? 1 : counter.linePos(offset).line);
  return (path: BindingPath, key = false): number => {
    for (let depth = path.length; depth >= 0; depth--) {
      const parentPath = path.slice(0, Math.max(0, depth - 1));
      const last = path[depth - 1];
      if (key && depth === path.length && last !== undefined) {
        const parent = doc.getIn(parentPath.map(String), true) as Node | undefined;
        if (isMap(parent)) {
          const pair = parent.items.find(
            (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(last),
          );
          const keyNode = pair?.key as Node | undefined;
          if (keyNode?.range) return lineAt(keyNode.range[0]);
        }
      }
      const node = doc.getIn(path.slice(0, depth) as unknown[], true) as Node | undefined;
      if (node?.range) return lineAt(node.range[0]);
    }
    return 1;
  };
}

function problemFromIssue(issue: z.core.$ZodIssue, source: BindingSource, value: unknown): Problem[] {
  if (issue.code === 'unrecognized_keys') {
    const valid = validKeysAt(issue.path);
    return issue.keys.map((key) => {
      const guess = valid.length > 0 ? closest(key, valid) : null;
      const where = issue.path.length > 0 ? ` in ${pathText(issue.path)}` : '';
      const hint = guess ? `did you mean "${guess}"? Valid keys: ${valid.join(', ')}` : null;
      return error(
        source.file,
        source.lineOf([...issue.path, key], true),
        `unknown key "${key}"${where}`,
        hint,
      );
    });
  }
  if (issue.code === 'invalid_key') {
    const key = String(issue.path.at(-1));
    const fixed = key
      .trim()
      .toLowerCase()
      .replace(/[\s_]+/g, '-')
      .replace(/[^a-z0-9-]/g, '');
    const where = pathText(issue.path.slice(0, -1));
    return [
      error(
        source.file,
        source.lineOf(issue.path, true),
        `\`${key}:\` in ${where} — names there are lowercase letters, digits and "-": write \`${fixed}:\``,
        'section and step ids are lowercase too: run "runbook-bot inspect" to list them',
      ),
    ];
  }
  if (issue.code === 'invalid_type' && issue.path.length === 1 && issue.path[0] === 'escalation') {
    return [
      error(
        source.file,
        source.lineOf(issue.path),
        'escalation: expected a list of rules',
        'write escalation: [{ notify: [Role], after: 15m }]; to point at a section use escalationSection: <section id>',
      ),
    ];
  }
  const name = pathText(issue.path) || 'the binding';
  if (issue.code === 'invalid_type' && value === undefined) {
    return [
      error(
        source.file,
        source.lineOf(issue.path),
        `missing required key "${name}"`,
        `add "${name}:" to the binding`,
      ),
    ];
  }
  return [error(source.file, source.lineOf(issue.path), `${name}: ${issue.message}`, null)];
}

/** A missing key whose misspelling is also reported as unknown: say it once ("did you mean…"). */
function isMisspelledRequiredKey(issue: z.core.$ZodIssue, all: z.core.$ZodIssue[], data: unknown): boolean {
  if (issue.code !== 'invalid_type' || valueAt(data, issue.path) !== undefined) return false;
  const parent = issue.path.slice(0, -1);
  const missing = String(issue.path.at(-1));
  return all.some(
    (other) =>
      other.code === 'unrecognized_keys' &&
      pathText(other.path) === pathText(parent) &&
      other.keys.some((key) => closest(key, validKeysAt(parent)) === missing),
  );
}

function valueAt(data: unknown, path: BindingPath): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/** Binding YAML text -> validated binding, or every problem with its line. Pure. */
export function parseBinding(text: string, file: string): BindingLoad {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const source: BindingSource = { file, lineOf: makeLineOf(doc, counter) };
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((yamlError) => {
      const line = yamlError.linePos?.[0]?.line ?? counter.linePos(yamlError.pos[0]).line;
      const message = yamlError.message.split('\n')[0] ?? 'invalid YAML';
      return error(
        file,
        line,
        `invalid YAML: ${message}`,
        'fix the YAML syntax (indentation, quotes, colons)',
      );
    });
    return { ...source, binding: null, problems };
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (cause) {
    // an alias without its anchor (`*x`) or too many aliases (a "billion laughs" file) throws here
    const message = cause instanceof Error ? cause.message.split('\n')[0] : 'cannot read the YAML';
    return {
      ...source,
      binding: null,
      problems: [error(file, 1, `invalid YAML: ${message}`, 'define each &anchor before its *alias')],
    };
  }
  if (data === null || data === undefined) {
    return {
      ...source,
      binding: null,
      problems: [error(file, 1, 'the binding file is empty', 'add at least "command: /yourcommand"')],
    };
  }
  const result = bindingSchema.safeParse(data);
  if (result.success) return { ...source, binding: result.data, problems: [] };
  const problems = result.error.issues
    .filter((issue) => !isMisspelledRequiredKey(issue, result.error.issues, data))
    .flatMap((issue) => problemFromIssue(issue, source, valueAt(data, issue.path)));
  return {
    ...source,
    binding: null,
    problems: problems.sort((a, b) => a.line - b.line),
    partial: withoutBrokenParts(data, result.error.issues),
  };
}

/** The binding with every part zod refused removed (a placeholder command), or null when nothing is left. */
function withoutBrokenParts(data: unknown, firstIssues: readonly z.core.$ZodIssue[]): Binding | null {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return null;
  const copy = structuredClone(data) as Record<string, unknown>;
  let issues = firstIssues;
  for (let round = 0; round < 5; round++) {
    for (const issue of issues) {
      if (issue.path.length === 0 && issue.code !== 'unrecognized_keys') return null;
      const keys =
        issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
      for (const path of keys) removeAt(copy, path);
    }
    compactArrays(copy);
    if (typeof copy.command !== 'string' || !/^\/[a-z0-9_-]{1,31}$/.test(copy.command))
      copy.command = '/binding';
    const next = bindingSchema.safeParse(copy);
    if (next.success) return next.data;
    issues = next.error.issues;
  }
  return null;
}

/** Drops the holes removeAt left in lists (indices of the issues stay valid until then). */
function compactArrays(value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    if (Array.isArray(child))
      (value as Record<string, unknown>)[key] = child.filter((item) => item !== undefined);
    compactArrays((value as Record<string, unknown>)[key]);
  }
}

function removeAt(data: Record<string, unknown>, path: readonly PropertyKey[]): void {
  const parent = valueAt(data, path.slice(0, -1));
  const last = path.at(-1);
  if (parent === null || typeof parent !== 'object' || last === undefined) return;
  if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1, undefined);
  else delete (parent as Record<PropertyKey, unknown>)[last];
}

/** Reads and validates a binding file (`runbooks/<id>.yml`). Never throws for bad input. */
export async function loadBinding(file: string): Promise<BindingLoad> {
  const read = await readTextFile(file, 'binding file');
  if (!read.ok) return { file, lineOf: () => 1, binding: null, problems: [read.problem] };
  return parseBinding(read.text, file);
}
