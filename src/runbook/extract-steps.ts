/** Fence languages that hold shell commands; untagged fences and indented code count too. */
const SHELL_LANGUAGES = new Set([
  'bash',
  'sh',
  'shell',
  'console',
  'zsh',
  'shell-session',
  'shellsession',
  'terminal',
]);

export function isShellBlock(lang: string | null | undefined): boolean {
  return lang === null || lang === undefined || lang === '' || SHELL_LANGUAGES.has(lang.toLowerCase());
}

/** A command line found in a code block, before ids and risks are given. */
export type RawStep =
  | { kind: 'command'; command: string; title: string | null; line: number }
  | { kind: 'cd'; dir: string; line: number }
  | { kind: 'wait'; seconds: number; title: string | null; line: number };

const HEREDOC = /<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/;
const CD = /^cd\s+(\S+|"[^"]*"|'[^']*')\s*$/;
const SLEEP = /^sleep\s+(\d+(?:\.\d+)?)s?\s*$/;

interface Line {
  text: string;
  line: number;
  /** In console blocks: the line had a prompt (or follows one as a continuation). */
  prompted: boolean;
}

/** In console blocks `$ ` marks commands; `# ` is a root prompt only when the block has no `$ `. */
function stripPrompts(lines: string[], firstLine: number, isConsole: boolean): Line[] {
  const hasDollar = lines.some((text) => /^\s*\$ /.test(text));
  return lines.map((text, index) => {
    const line = firstLine + index;
    const dollar = /^\s*\$ (.*)$/.exec(text);
    if (dollar) return { text: dollar[1] ?? '', line, prompted: true };
    if (isConsole && !hasDollar) {
      const root = /^\s*# (.*)$/.exec(text);
      if (root) return { text: root[1] ?? '', line, prompted: true };
    }
    return { text, line, prompted: !isConsole };
  });
}

const endsWithContinuation = (text: string) => /(^|[^\\])(\\\\)*\\$/.test(text.trimEnd());

/** Joins `\` continuations (and heredoc bodies) into one logical command. */
function joinLogicalLines(lines: Line[], isConsole: boolean): Line[] {
  const out: Line[] = [];
  for (let i = 0; i < lines.length; i++) {
    const start = lines[i] as Line;
    if (isConsole && !start.prompted) continue;
    let text = start.text;
    while (endsWithContinuation(text) && i + 1 < lines.length) {
      i++;
      const next = (lines[i] as Line).text.replace(/^\s*> /, '');
      text = `${text.trimEnd().slice(0, -1).trimEnd()} ${next.trim()}`;
    }
    const heredoc = HEREDOC.exec(text);
    if (heredoc && !text.trimStart().startsWith('#')) {
      const terminator = heredoc[2];
      while (i + 1 < lines.length) {
        i++;
        const body = (lines[i] as Line).text;
        text += `\n${body}`;
        if (body.trim() === terminator) break;
      }
    }
    out.push({ ...start, text });
  }
  return out;
}

/**
 * The command lines of one code block. `# comment` directly above a command titles it; blank
 * lines end a comment's reach; `cd DIR` and `sleep N` become directives, not commands.
 */
export function extractSteps(code: string, lang: string | null | undefined, firstLine: number): RawStep[] {
  const isConsole =
    (lang ?? '').toLowerCase() === 'console' || (lang ?? '').toLowerCase().includes('session');
  const lines = joinLogicalLines(stripPrompts(code.split(/\r?\n/), firstLine, isConsole), isConsole);
  const steps: RawStep[] = [];
  let title: string | null = null;
  for (const { text, line } of lines) {
    const trimmed = text.trim();
    if (trimmed === '') {
      title = null;
      continue;
    }
    if (trimmed.startsWith('#')) {
      if (!trimmed.startsWith('#!') && title === null) title = trimmed.replace(/^#+\s*/, '').trim() || null;
      continue;
    }
    const cd = CD.exec(trimmed);
    const sleep = SLEEP.exec(trimmed);
    if (cd) steps.push({ kind: 'cd', dir: (cd[1] ?? '').replace(/^["']|["']$/g, ''), line });
    else if (sleep) steps.push({ kind: 'wait', seconds: Number(sleep[1]), title, line });
    else steps.push({ kind: 'command', command: trimmed, title, line });
    title = null;
  }
  return steps;
}
