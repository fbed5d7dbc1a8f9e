import type { SyntaxNode } from './shell-parser.ts';

/** One word of a command as bash will see it, after quote removal. */
export interface ShellWord {
  /** The literal value when static; the source text otherwise. */
  text: string;
  /** True when the value is known before the step runs (no expansion, glob or brace expansion). */
  isStatic: boolean;
  /**
   * True when the value may become several words, or a word that starts with `-`: an unquoted
   * `$VAR`/`$(…)` (word splitting), or a glob/brace expansion with no literal start.
   */
  mayBeOption: boolean;
  /** The literal text before the first expansion (all of it when static). */
  prefix: string;
}

export const literalWord = (text: string): ShellWord => ({
  text,
  isStatic: true,
  mayBeOption: false,
  prefix: text,
});

/** A run of characters of a word: literal (quoted or not) or an expansion. */
interface Piece {
  text: string;
  quoted: boolean;
  dynamic: boolean;
  /** The expansion cannot split into several words (process substitution: one /dev/fd path). */
  single?: boolean;
}

const ANSI_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

/** `$'…'` text -> its value. */
function decodeAnsiC(body: string): string {
  return body.replace(
    /\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|c.|.)/gs,
    (_all, code: string) => {
      if (/^[xuU]/.test(code)) return String.fromCodePoint(Number.parseInt(code.slice(1), 16));
      if (/^[0-7]/.test(code)) return String.fromCharCode(Number.parseInt(code, 8));
      if (code.startsWith('c')) return String.fromCharCode((code.charCodeAt(1) ?? 64) & 31);
      return ANSI_ESCAPES[code] ?? `\\${code}`;
    },
  );
}

/** Unquoted literal text: `\x` -> `x` (escaped, so not a glob), `\<newline>` -> nothing. */
function unquotedPieces(text: string): Piece[] {
  const pieces: Piece[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? '';
    if (char === '\\') {
      const next = text[i + 1];
      i++;
      if (next !== undefined && next !== '\n') pieces.push({ text: next, quoted: true, dynamic: false });
      continue;
    }
    pieces.push({ text: char, quoted: false, dynamic: false });
  }
  return pieces;
}

/** Inside double quotes, a backslash escapes only `$`, `` ` ``, `"`, `\` and newline. */
const doubleQuotedText = (text: string): string =>
  text.replace(/\\([$`"\\\n])/g, (_all, c: string) => (c === '\n' ? '' : c));

function piecesOfChildren(node: SyntaxNode, quoted: boolean, skip: Set<string>): Piece[] {
  const pieces: Piece[] = [];
  let cursor = node.startIndex;
  const source = node.text;
  const gap = (from: number, to: number) => {
    if (to <= from) return;
    const text = source.slice(from - node.startIndex, to - node.startIndex);
    if (quoted) pieces.push({ text: doubleQuotedText(text), quoted: true, dynamic: false });
    else pieces.push(...unquotedPieces(text));
  };
  for (const child of node.children) {
    if (!child) continue;
    if (!child.isNamed && skip.has(child.type)) {
      gap(cursor, child.startIndex);
      cursor = child.endIndex;
      continue;
    }
    gap(cursor, child.startIndex);
    pieces.push(...piecesOf(child, quoted));
    cursor = child.endIndex;
  }
  gap(cursor, node.endIndex);
  return pieces;
}

function piecesOf(node: SyntaxNode, quoted: boolean): Piece[] {
  switch (node.type) {
    case 'word':
    case 'number':
    case 'variable_name':
    case 'regex':
    case 'extglob_pattern':
      if (node.namedChildCount > 0) return piecesOfChildren(node, quoted, new Set());
      return quoted
        ? [{ text: doubleQuotedText(node.text), quoted: true, dynamic: false }]
        : unquotedPieces(node.text);
    case 'string_content':
      return [{ text: doubleQuotedText(node.text), quoted: true, dynamic: false }];
    case 'raw_string':
      return [{ text: node.text.slice(1, -1), quoted: true, dynamic: false }];
    case 'ansi_c_string':
      return [{ text: decodeAnsiC(node.text.slice(2, -1)), quoted: true, dynamic: false }];
    case 'string':
      return piecesOfChildren(node, true, new Set(['"']));
    case 'translated_string':
      return node.namedChildren.flatMap((child) => (child ? piecesOf(child, true) : []));
    case 'concatenation':
      return piecesOfChildren(node, quoted, new Set());
    case 'process_substitution':
      return [{ text: node.text, quoted, dynamic: true, single: true }];
    default:
      // $VAR, ${…}, $(…), `…`, $((…)), {1..3}, arrays and anything else: known only at run time
      return [{ text: node.text, quoted, dynamic: true }];
  }
}

const GLOB = /[*?[]/;
const BRACE = /\{[^{}]*(,|\.\.)[^{}]*\}/;

/** The value of a word node (`word`, `"…"`, `'…'`, `$'…'`, concatenations, expansions). */
export function wordOf(node: SyntaxNode): ShellWord {
  const pieces = piecesOf(node, false);
  // what bash globs or brace-expands: unquoted characters only (quoted ones are masked)
  const view = pieces
    .map((piece) => (piece.quoted || piece.dynamic ? '\0'.repeat(piece.text.length) : piece.text))
    .join('');
  const expands = GLOB.test(view) || BRACE.test(view);
  let prefix = '';
  let ended = false;
  for (const piece of pieces) {
    if (piece.dynamic) {
      ended = true;
      break;
    }
    for (const char of piece.text) {
      if (!piece.quoted && (GLOB.test(char) || char === '{') && expands) {
        ended = true;
        break;
      }
      prefix += char;
    }
    if (ended) break;
  }
  const isStatic = !expands && pieces.every((piece) => !piece.dynamic);
  if (isStatic) return literalWord(prefix);
  const splits = pieces.some((piece) => piece.dynamic && !piece.quoted && !piece.single);
  // `[n]ginx` can only expand to names that start with one of the bracket's characters
  const bracket = /^\[([^\]!^-]+)\]/.exec(view);
  const leadsWithDash = prefix.startsWith('-') || (prefix === '' && !bracket);
  return {
    text: node.text,
    isStatic: false,
    mayBeOption: splits || (expands && leadsWithDash),
    prefix,
  };
}
