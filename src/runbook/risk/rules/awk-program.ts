import { isSecretFile } from '../secret-patterns.ts';

/**
 * Removes string literals and regex literals from an awk program, so only code remains.
 * Null when where a literal ends is unsure (`i++ / 2` divides, `x / 2` after a keyword…).
 */
function codeOnly(program: string): string | null {
  let out = '';
  let previous = '';
  let beforePrevious = '';
  for (let i = 0; i < program.length; i++) {
    const char = program[i] ?? '';
    if (char === '"') {
      i++;
      while (i < program.length && program[i] !== '"') i += program[i] === '\\' ? 2 : 1;
      out += '""';
      beforePrevious = previous;
      previous = '"';
      continue;
    }
    // a `/` starts a regex unless it follows an operand (then it divides)
    if (char === '/' && !/[\w)\]$."]/.test(previous)) {
      // `i++ / 2`, `i-- / 2` divide: ambiguous with a regex, refuse
      if ((previous === '+' || previous === '-') && beforePrevious === previous) return null;
      i++;
      while (i < program.length && program[i] !== '/' && program[i] !== '\n')
        i += program[i] === '\\' ? 2 : 1;
      out += '//';
      beforePrevious = previous;
      previous = '/';
      continue;
    }
    if (char === '#') {
      while (i < program.length && program[i] !== '\n') i++;
      i--;
      continue;
    }
    out += char;
    if (!/\s/.test(char)) {
      beforePrevious = previous;
      previous = char;
    }
  }
  // a backslash-newline joins two lines
  return out.replace(/\\\r?\n/g, ' ');
}

/**
 * Whether an awk program only reads and prints: no `system()`, no pipes to or from commands,
 * no `print > file`, no extensions, no indirect calls. Returns the offending part, or null.
 */
export function awkProgramProblem(program: string): string | null {
  const code = codeOnly(program);
  if (code === null) return 'a / that may divide or start a regex';
  if (/\bsystem\s*\(/.test(code)) return 'system() runs a command';
  if (/@\s*(load|include)|\bextension\s*\(/.test(code)) return '@load/@include loads code';
  if (code.includes('@')) return '@ (an indirect call or directive)';
  if (code.includes('|')) {
    if (/(^|[^|])\|($|[^|])|\|&/.test(code)) return '| runs a command';
  }
  if (code.includes('\\')) return 'a backslash outside a string';
  // in a print/printf statement, `>` and `>>` write to a file; the statement runs on past a
  // newline after `,`, `&&`, `||` or inside parentheses
  for (const match of code.matchAll(/\bprintf?\b/g)) {
    let depth = 0;
    let last = '';
    for (let i = (match.index ?? 0) + match[0].length; i < code.length; i++) {
      const char = code[i] ?? '';
      if (char === '(' || char === '[') depth++;
      else if (char === ')' || char === ']') depth--;
      else if (char === '>' && depth <= 0) return 'print > file writes a file';
      else if (depth <= 0 && (char === ';' || char === '}' || char === '{')) break;
      else if (depth <= 0 && char === '\n' && !/[,&|]$/.test(last)) break;
      if (!/\s/.test(char)) last = char;
    }
  }
  return null;
}

/**
 * A secret file (or a file known only at run time) an awk program reads with `getline < file`.
 * Returns its text, or null.
 */
export function awkSecretFile(program: string): string | null {
  const code = codeOnly(program) ?? program;
  if (!/\bgetline\b[^<;{}\n]*</.test(code)) return null;
  for (const match of program.matchAll(
    /\bgetline\b\s*([A-Za-z_$][\w$[\]]*)?\s*<\s*(\(?)\s*("(?:[^"\\]|\\.)*")?\s*(\)?)/g,
  )) {
    const literal = match[3];
    const after = program.slice((match.index ?? 0) + match[0].length).trimStart();
    // a file name built at run time (a variable, a concatenation) could be any file
    if (!literal || (match[2] && !match[4]) || /^["\w$(]/.test(after)) return after.slice(0, 30);
    const name = literal.slice(1, -1);
    if (isSecretFile(name)) return name;
  }
  return null;
}
