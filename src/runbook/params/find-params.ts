import { parseShell, type SyntaxNode } from '../risk/shell-parser.ts';
import { normaliseParamName, paramEnvName } from './param-names.ts';
import { STANDARD_VARIABLES } from './standard-variables.ts';

/** What a step needs before it can run, and the command that runs once values are given. */
export interface ParamAnalysis {
  /** Parameter names (`pod-name`), in order of first use. Empty: the step runs as written. */
  params: string[];
  /**
   * The command that runs: every placeholder replaced by its quoted variable (`"$RB_POD_NAME"`),
   * every unset variable renamed to one. Null when the step has no parameters.
   */
  runs: string | null;
  /** Why values cannot be given to this step safely (single quotes, arithmetic, program name); null when they can. */
  refused: string | null;
  /** Parameters whose text a shell reads again (`bash -c`, `ssh`, `eval`): their values must be plain words. */
  reread: string[];
}

const NONE: ParamAnalysis = { params: [], runs: null, refused: null, reread: [] };

/** `<pod-name>`, `<YOUR_TOKEN>`: not a redirection when followed by a blank, a quote or punctuation. */
const ANGLE_PLACEHOLDER = /(?<![<\w])<([A-Za-z][A-Za-z0-9_-]*)>(?![\w>&|(-])/g;
/** `YOUR_USER`, `YOUR-NAMESPACE` (upper case, as a word of its own or inside one). */
const YOUR_PLACEHOLDER = /(?<![\w$%{-])YOUR[_-][A-Z0-9]+(?:[_-][A-Z0-9]+)*(?![\w%-])/g;
/** `${X:-default}`, `${X=…}`, `${X:+…}`: the expansion copes with an unset variable itself. */
const HANDLES_UNSET = /^\$\{[#]?[A-Za-z_]\w*:?[-=+]/;
const ARITHMETIC_TESTS = /^-(eq|ne|lt|le|gt|ge)$/;
const SHELL_READERS = new Set(['eval', 'ssh', 'bash', 'sh', 'zsh', 'dash', 'ksh', 'su', 'watch']);

type Quoting = 'none' | 'double' | 'single' | 'comment';

interface Use {
  name: string;
  start: number;
  end: number;
  /** A placeholder is replaced whole; a variable only has its name replaced. */
  kind: 'placeholder' | 'variable';
  /** For a variable: where its name is (renamed to the environment name). */
  nameStart?: number;
  nameEnd?: number;
  label: string;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** How text at `node` is quoted: the nearest quoting construct decides (`"$(… <x> …)"` is unquoted). */
function quotingAt(node: SyntaxNode): Quoting {
  for (let current: SyntaxNode | null = node; current; current = current.parent) {
    switch (current.type) {
      case 'comment':
        return 'comment';
      case 'raw_string':
      case 'ansi_c_string':
        return 'single';
      case 'string':
      case 'translated_string':
        return 'double';
      case 'heredoc_body': {
        const start = current.parent?.namedChildren.find((child) => child?.type === 'heredoc_start');
        return start && /['"\\]/.test(start.text) ? 'single' : 'double';
      }
      case 'command_substitution':
      case 'process_substitution':
        return 'none';
    }
  }
  return 'none';
}

/** Why a value used at `node` could change what runs, or null. */
function unsafePosition(node: SyntaxNode): string | null {
  for (let current: SyntaxNode | null = node; current; current = current.parent) {
    const type = current.type;
    if (type === 'arithmetic_expansion' || type === 'subscript' || type === 'c_style_for_statement')
      return 'is used in arithmetic, where bash would run commands hidden in the value';
    if (type === 'compound_statement' && current.text.startsWith('(('))
      return 'is used in arithmetic, where bash would run commands hidden in the value';
    if (type === 'binary_expression' && current.parent?.type === 'test_command') {
      const operator = current.childForFieldName('operator')?.text ?? '';
      if (ARITHMETIC_TESTS.test(operator))
        return 'is compared as a number, where bash would run commands hidden in the value';
    }
    if (type === 'command_name') return 'is the name of the program, so the value would choose what runs';
    if (type === 'command') {
      const name = current.childForFieldName('name')?.text ?? '';
      if (name === 'let') return 'is used in arithmetic, where bash would run commands hidden in the value';
    }
  }
  return null;
}

/** True when a shell reads the text again (`bash -c "…"`, `ssh host "…"`, `eval`). */
function rereadByShell(node: SyntaxNode): boolean {
  for (let current: SyntaxNode | null = node; current; current = current.parent) {
    if (current.type !== 'command') continue;
    const name = (current.childForFieldName('name')?.text ?? '').replace(/^.*\//, '');
    if (SHELL_READERS.has(name)) return true;
  }
  return false;
}

function* descendants(node: SyntaxNode): Generator<SyntaxNode> {
  for (const child of node.namedChildren) {
    if (!child) continue;
    yield child;
    yield* descendants(child);
  }
}

/** Names the step itself sets, with the offset where each is first set. */
function namesSet(root: SyntaxNode): Map<string, number> {
  const set = new Map<string, number>();
  const add = (name: string | undefined, at: number) => {
    if (name && /^[A-Za-z_]\w*$/.test(name) && !set.has(name)) set.set(name, at);
  };
  for (const node of descendants(root)) {
    if (node.type === 'variable_assignment') add(node.childForFieldName('name')?.text, node.startIndex);
    else if (node.type === 'for_statement') add(node.childForFieldName('variable')?.text, node.startIndex);
    else if (node.type === 'declaration_command') {
      for (const child of node.namedChildren)
        if (child?.type === 'variable_name') add(child.text, node.startIndex);
    } else if (node.type === 'command') {
      const name = node.childForFieldName('name')?.text ?? '';
      if (['read', 'mapfile', 'readarray', 'getopts', 'printf'].includes(name)) {
        for (const arg of node.childrenForFieldName('argument')) add(arg.text, node.startIndex);
      }
    }
  }
  return set;
}

function placeholderUses(masked: string, root: SyntaxNode, angles: Use[]): Use[] {
  const uses = [...angles];
  for (const match of masked.matchAll(YOUR_PLACEHOLDER)) {
    const start = match.index ?? 0;
    const node = root.descendantForIndex(start, start + match[0].length);
    if (node?.type === 'variable_name') continue;
    const name = normaliseParamName(match[0]);
    if (name) uses.push({ name, start, end: start + match[0].length, kind: 'placeholder', label: match[0] });
  }
  return uses;
}

function variableUses(root: SyntaxNode, known: ReadonlySet<string>): Use[] {
  const setBy = namesSet(root);
  const uses: Use[] = [];
  for (const node of descendants(root)) {
    if (node.type !== 'simple_expansion' && node.type !== 'expansion') continue;
    const variable = node.namedChildren.find((child) => child?.type === 'variable_name');
    if (!variable || !/^[A-Za-z_]\w*$/.test(variable.text)) continue;
    if (node.type === 'expansion' && (HANDLES_UNSET.test(node.text) || node.text.startsWith('${!'))) continue;
    const raw = variable.text;
    if (known.has(raw) || STANDARD_VARIABLES.has(raw) || /^RB_/.test(raw)) continue;
    const setAt = setBy.get(raw);
    if (setAt !== undefined && setAt < node.startIndex) continue;
    const name = normaliseParamName(raw);
    if (!name) continue;
    uses.push({
      name,
      start: node.startIndex,
      end: node.endIndex,
      kind: 'variable',
      nameStart: variable.startIndex,
      nameEnd: variable.endIndex,
      label: node.text,
    });
  }
  return uses;
}

function applyEdits(text: string, edits: Edit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) {
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  }
  return out;
}

/** Every `RB_…` expansion of the rewritten command sits inside double quotes (or a heredoc). */
function everyValueQuoted(runs: string, envNames: ReadonlySet<string>): boolean {
  const parsed = parseShell(runs);
  try {
    if (parsed.hasError) return false;
    for (const node of descendants(parsed.root)) {
      if (node.type !== 'variable_name' || !envNames.has(node.text)) continue;
      if (quotingAt(node) !== 'double') return false;
    }
    return true;
  } finally {
    parsed.dispose();
  }
}

/**
 * Finds a step's parameters on its bash syntax tree: `<name>` placeholders used as words (bash would
 * read them as redirections), `YOUR_…` placeholders, and variables the step neither sets before
 * use nor receives (`passedEnv`, standard ones). Returns the command rewritten so that values
 * arrive only as quoted environment variables, or why that cannot be done safely.
 */
export function analyseParams(command: string, passedEnv: readonly string[] = []): ParamAnalysis {
  const angles: Use[] = [];
  const masked = command.replace(ANGLE_PLACEHOLDER, (all, inner: string, offset: number) => {
    const name = normaliseParamName(inner);
    if (name) angles.push({ name, start: offset, end: offset + all.length, kind: 'placeholder', label: all });
    return name ? `%${inner}%` : all;
  });
  // Every use is an angle placeholder, a `YOUR_…` placeholder or an expansion (`$X`, `${X}`):
  // without any of them there is nothing to find, and no syntax tree to build (most steps; it
  // keeps the bash parser off the start-up path of each such step).
  if (angles.length === 0 && !masked.includes('$') && !/YOUR[_-]/.test(masked)) return NONE;
  const parsed = parseShell(masked);
  try {
    const root = parsed.root;
    const uses = [...placeholderUses(masked, root, angles), ...variableUses(root, new Set(passedEnv))];
    if (uses.length === 0) return NONE;
    uses.sort((a, b) => a.start - b.start);
    const params: string[] = [];
    const reread = new Set<string>();
    const edits: Edit[] = [];
    let refused: string | null = null;
    for (const use of uses) {
      const node = root.descendantForIndex(use.start, use.end) ?? root;
      const quoting = quotingAt(node);
      if (quoting === 'comment') continue;
      if (!params.includes(use.name)) params.push(use.name);
      const env = paramEnvName(use.name);
      const unsafe =
        quoting === 'single'
          ? 'is inside single quotes, where a value cannot be substituted safely (use double quotes)'
          : unsafePosition(node);
      if (unsafe) {
        refused ??= `${use.label} ${unsafe}`;
        continue;
      }
      if (rereadByShell(node)) reread.add(use.name);
      if (use.kind === 'placeholder') {
        edits.push({
          start: use.start,
          end: use.end,
          text: quoting === 'double' ? `\${${env}}` : `"$${env}"`,
        });
        continue;
      }
      edits.push({ start: use.nameStart ?? use.start, end: use.nameEnd ?? use.end, text: env });
      if (quoting === 'none') {
        edits.push({ start: use.start, end: use.start, text: '"' });
        edits.push({ start: use.end, end: use.end, text: '"' });
      }
    }
    if (params.length === 0) return NONE;
    const runs = applyEdits(command, edits);
    const envNames = new Set(params.map(paramEnvName));
    if (refused === null && !everyValueQuoted(runs, envNames))
      refused = 'the command could not be rewritten so that values stay quoted';
    return { params, runs, refused, reread: [...reread] };
  } finally {
    parsed.dispose();
  }
}
