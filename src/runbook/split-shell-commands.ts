import { type ParseEntry, parse } from 'shell-quote';

/** One command of a pipeline or list, as words (`$VAR` kept literal). */
export interface SimpleCommand {
  words: string[];
  /** Files written by `>` / `>>` (not `/dev/null`, not `>&2`). */
  writesTo: string[];
}

export interface ShellCommandList {
  commands: SimpleCommand[];
  /** Bodies of `$(…)` and backtick substitutions, judged on their own. */
  substitutions: string[];
  /** True when the text is not valid shell (e.g. an unclosed `${`): nothing in it can be trusted. */
  unparsable: boolean;
}

const SEPARATORS = new Set(['|', '|&', '||', '&&', ';', ';;', '&', '(', ')', '<(']);
const WRITE_REDIRECTS = new Set(['>', '>>', '>|', '&>', '&>>']);
const PLACEHOLDER = 'SUBSTITUTION';

/** Pulls `$(…)` and `` `…` `` bodies out of the text (outside single quotes) and puts a placeholder there. */
function extractSubstitutions(text: string): { text: string; substitutions: string[] } {
  const substitutions: string[] = [];
  let out = '';
  let inSingle = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\' && !inSingle) {
      out += text.slice(i, i + 2);
      i++;
      continue;
    }
    if (char === "'") inSingle = !inSingle;
    if (!inSingle && char === '$' && text[i + 1] === '(') {
      let depth = 1;
      let j = i + 2;
      while (j < text.length && depth > 0) {
        if (text[j] === '(') depth++;
        if (text[j] === ')') depth--;
        j++;
      }
      substitutions.push(text.slice(i + 2, depth === 0 ? j - 1 : j));
      out += PLACEHOLDER;
      i = j - 1;
      continue;
    }
    if (!inSingle && char === '`') {
      const end = text.indexOf('`', i + 1);
      const stop = end === -1 ? text.length : end;
      substitutions.push(text.slice(i + 1, stop));
      out += PLACEHOLDER;
      i = stop;
      continue;
    }
    out += char;
  }
  return { text: out, substitutions };
}

/** Splits a shell command line into its simple commands (pipes, `&&`, `||`, `;`, subshells). */
export function splitShellCommands(command: string): ShellCommandList {
  const { text, substitutions } = extractSubstitutions(command);
  let tokens: ParseEntry[];
  try {
    tokens = parse(text, (name) => `$${name}`);
  } catch {
    // shell-quote throws "Bad substitution" on `${`, `${}`…; bash would refuse it too
    return { commands: [], substitutions: [], unparsable: true };
  }
  const commands: SimpleCommand[] = [];
  let current: SimpleCommand = { words: [], writesTo: [] };
  const flush = () => {
    if (current.words.length > 0) commands.push(current);
    current = { words: [], writesTo: [] };
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (typeof token === 'string') {
      current.words.push(token);
      continue;
    }
    if (token === undefined || 'comment' in token) continue;
    if ('pattern' in token) {
      current.words.push(token.pattern);
      continue;
    }
    if (SEPARATORS.has(token.op)) {
      flush();
      continue;
    }
    const target = tokens[i + 1];
    if (typeof target === 'string') {
      i++;
      if (/^\d+$/.test(current.words.at(-1) ?? '')) current.words.pop();
      const writes = WRITE_REDIRECTS.has(token.op) && target !== '/dev/null';
      if (writes) current.writesTo.push(target);
    }
  }
  flush();
  return { commands, substitutions, unparsable: false };
}
