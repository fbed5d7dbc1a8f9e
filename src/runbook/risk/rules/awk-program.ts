/** Removes string literals and regex literals from an awk program, so only code remains. */
function codeOnly(program: string): string {
  let out = '';
  let previous = '';
  for (let i = 0; i < program.length; i++) {
    const char = program[i] ?? '';
    if (char === '"') {
      i++;
      while (i < program.length && program[i] !== '"') i += program[i] === '\\' ? 2 : 1;
      out += '""';
      previous = '"';
      continue;
    }
    // a `/` starts a regex unless it follows an operand (then it divides)
    if (char === '/' && !/[\w)\]$."]/.test(previous)) {
      i++;
      while (i < program.length && program[i] !== '/' && program[i] !== '\n')
        i += program[i] === '\\' ? 2 : 1;
      out += '//';
      previous = '/';
      continue;
    }
    if (char === '#') {
      while (i < program.length && program[i] !== '\n') i++;
      continue;
    }
    out += char;
    if (!/\s/.test(char)) previous = char;
  }
  return out;
}

/**
 * Whether an awk program only reads and prints: no `system()`, no pipes to or from commands,
 * no `print > file`, no extensions. Returns the offending part, or null.
 */
export function awkProgramProblem(program: string): string | null {
  const code = codeOnly(program);
  if (/\bsystem\s*\(/.test(code)) return 'system() runs a command';
  if (/@\s*(load|include)|\bextension\s*\(/.test(code)) return '@load/@include loads code';
  if (/(^|[^|])\|($|[^|])|\|&/.test(code)) return '| runs a command';
  // in a print/printf statement, `>` and `>>` write to a file
  for (const statement of code.matchAll(/\bprintf?\b([^;{}\n]*)/g)) {
    let depth = 0;
    for (const char of statement[1] ?? '') {
      if (char === '(') depth++;
      else if (char === ')') depth--;
      else if (char === '>' && depth <= 0) return 'print > file writes a file';
    }
  }
  return null;
}
