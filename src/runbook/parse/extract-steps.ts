import {
  blockLooksLikeOutput,
  lineLooksLikeOutput,
  looksLikeCommand,
  type OutputKind,
} from './looks-like-output.ts';

/** Fence languages that hold shell commands. Untagged fences count only when their lines look like commands. */
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

const isUntagged = (lang: string | null | undefined) => lang === null || lang === undefined || lang === '';

/** A tagged shell fence, or an untagged one (which still has to look like commands). */
export function isShellBlock(lang: string | null | undefined): boolean {
  return isUntagged(lang) || SHELL_LANGUAGES.has((lang as string).toLowerCase());
}

/** A command line found in a code block, before ids and risks are given. */
export type RawStep =
  | { kind: 'command'; command: string; title: string | null; line: number; idBase?: string }
  | { kind: 'cd'; dir: string; line: number }
  | { kind: 'wait'; seconds: number; title: string | null; line: number; idBase?: string };

/** What a code block was taken for, and the lines left out of it (for lint notes). */
export interface BlockReading {
  steps: RawStep[];
  /** Set when the whole block is documentation (sample output, data, a query). */
  documentation: OutputKind | null;
  /** Lines of a shell block dropped because they read as output. */
  droppedOutput: { line: number; text: string }[];
}

const HEREDOC = /<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/;
const CD = /^cd\s+(\S+|"[^"]*"|'[^']*')\s*$/;
const SLEEP = /^sleep\s+(\d+(?:\.\d+)?)s?\s*$/;
const DOLLAR_PROMPT = /^\s*(?:\[[^\]\n]*\]\s*|[\w.@~:/-]+)?\$ (.*)$/;

interface Line {
  text: string;
  line: number;
  /** In transcripts: the line had a prompt (or follows one as a continuation). */
  prompted: boolean;
}

/** In transcripts `$ ` marks commands; `# ` is a root prompt only in console blocks without `$ `. */
function stripPrompts(lines: string[], firstLine: number, transcript: boolean, rootPrompts: boolean): Line[] {
  return lines.map((text, index) => {
    const line = firstLine + index;
    const dollar = transcript ? DOLLAR_PROMPT.exec(text) : null;
    if (dollar) return { text: dollar[1] ?? '', line, prompted: true };
    if (rootPrompts) {
      const root = /^\s*# (.*)$/.exec(text);
      if (root) return { text: root[1] ?? '', line, prompted: true };
    }
    return { text, line, prompted: !transcript };
  });
}

const endsWithContinuation = (text: string) => /(^|[^\\])(\\\\)*\\$/.test(text.trimEnd());

/** Joins `\` continuations (and heredoc bodies) into one logical command. */
function joinLogicalLines(lines: Line[], transcript: boolean): Line[] {
  const out: Line[] = [];
  for (let i = 0; i < lines.length; i++) {
    const start = lines[i] as Line;
    if (transcript && !start.prompted) continue;
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
 * Reads one code block. Shell fences give steps; a `$ ` prompt anywhere makes the block a
 * transcript (only prompted lines are commands, the rest is output); untagged fences give steps
 * only when every line looks like a command, else they are documentation. `# comment` directly
 * above a command titles it; `cd DIR` and `sleep N` become directives, not commands.
 */
export function readCodeBlock(
  code: string,
  lang: string | null | undefined,
  firstLine: number,
): BlockReading {
  const language = (lang ?? '').toLowerCase();
  const empty: BlockReading = { steps: [], documentation: null, droppedOutput: [] };
  if (!isShellBlock(lang)) return empty;
  const rawLines = code.split(/\r?\n/);
  const hasDollar = rawLines.some((text) => DOLLAR_PROMPT.test(text) && /^\s*\S*\$ \S/.test(text));
  const isConsole = language === 'console' || language.includes('session') || language === 'terminal';
  const transcript = hasDollar || (isConsole && rawLines.some((text) => /^\s*# \S/.test(text)));
  const rootPrompts = isConsole && !hasDollar;
  if (isUntagged(lang) && !transcript) {
    const kind = blockLooksLikeOutput(rawLines);
    if (kind) return { ...empty, documentation: kind };
  }
  const lines = joinLogicalLines(stripPrompts(rawLines, firstLine, transcript, rootPrompts), transcript);
  if (isUntagged(lang) && !transcript) {
    const commands = lines.filter(({ text }) => text.trim() !== '' && !text.trim().startsWith('#'));
    if (commands.some(({ text }) => !looksLikeCommand(text))) return { ...empty, documentation: 'output' };
  }
  const reading: BlockReading = { ...empty };
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
    if (!transcript && lineLooksLikeOutput(trimmed) !== null && !looksLikeCommand(trimmed)) {
      reading.droppedOutput.push({ line, text: trimmed });
      title = null;
      continue;
    }
    const cd = CD.exec(trimmed);
    const sleep = SLEEP.exec(trimmed);
    if (cd) reading.steps.push({ kind: 'cd', dir: (cd[1] ?? '').replace(/^["']|["']$/g, ''), line });
    else if (sleep) reading.steps.push({ kind: 'wait', seconds: Number(sleep[1]), title, line });
    else reading.steps.push({ kind: 'command', command: trimmed, title, line });
    title = null;
  }
  return reading;
}

/** The command lines of one code block (see readCodeBlock). */
export function extractSteps(code: string, lang: string | null | undefined, firstLine: number): RawStep[] {
  return readCodeBlock(code, lang, firstLine).steps;
}
