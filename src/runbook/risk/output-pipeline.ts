import { posix } from 'node:path';
import { parseShell, type SyntaxNode } from './shell-parser.ts';
import { type ShellWord, wordOf } from './shell-word.ts';

/** One simple command of a pipeline, as the built-in verdict judges read it (exec/judge/). */
export interface PipelineCommand {
  /**
   * The program that runs, past assignments and wrappers, without its directory:
   * `FOO=1 sudo -u app /usr/bin/grep -E x` -> `grep`. Empty when known only at run time
   * (`$CMD`) or when the stage is not a simple command (a subshell, a loop).
   */
  program: string;
  /** The words after the program, quotes removed; a word known only at run time keeps its source text. */
  args: string[];
}

/** Commands that print nothing of their own: a step's output comes from the others. */
const SILENT = new Set([':', 'cd', 'true', 'false', 'export', 'set', 'unset', 'umask', 'shopt', 'sleep']);
const SILENT_NODES = new Set([
  'variable_assignment',
  'variable_assignments',
  'declaration_command',
  'unset_command',
  'test_command',
  'comment',
]);

/** Programs that run the rest of their words as a command; `values`: their options that take a value. */
const WRAPPERS: Record<string, { values: readonly string[]; operands?: number }> = {
  sudo: {
    values: ['-u', '-g', '-C', '-D', '-h', '-p', '-U', '-r', '-t', '-T', '--user', '--group', '--chdir'],
  },
  doas: { values: ['-u', '-C'] },
  env: { values: ['-u', '--unset', '-C', '--chdir'] },
  command: { values: [] },
  exec: { values: ['-a'] },
  nohup: { values: [] },
  time: { values: ['-f', '--format', '-o', '--output'] },
  timeout: { values: ['-s', '-k', '--signal', '--kill-after'], operands: 1 },
  nice: { values: ['-n', '--adjustment'] },
  ionice: { values: ['-c', '-n', '--class', '--classdata'] },
  stdbuf: { values: ['-i', '-o', '-e', '--input', '--output', '--error'] },
};

/** Programs whose `-q`/`--quiet` (alone or among short flags) turns their output off. */
const QUIETABLE = new Set(['grep', 'egrep', 'fgrep', 'zgrep', 'systemctl']);
const QUIET = /^(?:--quiet|--silent|-[a-zA-Z]*q[a-zA-Z]*)$/;

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*\+?=/;

/**
 * The simple commands of the pipeline that prints a step's output, in order, read from the bash
 * syntax tree (the same front end as the risk classifier): `cd /srv && docker compose logs api
 * 2>&1 | grep -i error` -> `docker compose logs api`, `grep -i error`. Statements that print
 * nothing (`cd`, assignments, `|| true`) are left out. Empty when bash would not parse the text
 * or when more than one pipeline prints (`df -h; free -m`): no single tool's output to judge.
 */
export function outputPipeline(text: string): readonly PipelineCommand[] {
  const cached = pipelines.get(text);
  if (cached) return cached;
  const found = Object.freeze(
    readPipeline(text).map((command) => Object.freeze({ ...command, args: Object.freeze(command.args) })),
  ) as readonly PipelineCommand[];
  if (pipelines.size >= PIPELINES_KEPT) pipelines.delete(pipelines.keys().next().value as string);
  pipelines.set(text, found);
  return found;
}

/*
 * Every diagnose judges the same steps again, so the pipeline of a step's text is read once and
 * kept (frozen: callers share it). The texts come from the loaded runbooks; the bound only
 * matters if some caller judged ad-hoc text, and then the oldest entries go first.
 */
const PIPELINES_KEPT = 1000;
const pipelines = new Map<string, readonly PipelineCommand[]>();

function readPipeline(text: string): PipelineCommand[] {
  const parsed = parseShell(text);
  try {
    if (parsed.hasError) return [];
    const printing = statements(parsed.root).filter((statement) => !isSilent(statement));
    if (printing.length !== 1) return [];
    return stages(printing[0] as SyntaxNode);
  } finally {
    parsed.dispose();
  }
}

/** The statements of the program and of its `&&`, `||`, `;` lists, in order. */
function statements(node: SyntaxNode): SyntaxNode[] {
  if (node.type !== 'program' && node.type !== 'list') return [node];
  return node.namedChildren.flatMap((child) => (child ? statements(child) : []));
}

/** A statement that prints nothing: `cd`, assignments, `true`, `grep -q`, `systemctl is-active --quiet`. */
function isSilent(node: SyntaxNode): boolean {
  if (SILENT_NODES.has(node.type)) return true;
  if (node.type !== 'command' && node.type !== 'pipeline') return false;
  if (node.type === 'command' && node.childForFieldName('name') === null) return true;
  const last = stages(node).at(-1);
  if (last === undefined) return true;
  if (SILENT.has(last.program)) return true;
  return QUIETABLE.has(last.program) && last.args.some((arg) => QUIET.test(arg));
}

/** The pipeline's commands; a stage that is not a simple command counts, with no program. */
function stages(node: SyntaxNode): PipelineCommand[] {
  switch (node.type) {
    case 'pipeline':
      return node.namedChildren.flatMap((child) => (child && child.type !== 'comment' ? stages(child) : []));
    case 'negated_command':
      return node.firstNamedChild ? stages(node.firstNamedChild) : [];
    case 'redirected_statement': {
      const body = node.childForFieldName('body');
      const own = body ? stages(body) : [];
      // `cat <<EOF | grep x`: the grammar puts the rest of the pipeline inside the heredoc
      const rest = node.namedChildren
        .filter((child) => child?.type === 'heredoc_redirect')
        .flatMap((heredoc) => heredoc?.namedChildren.filter((child) => child?.type === 'pipeline') ?? [])
        .flatMap((pipeline) => (pipeline ? stages(pipeline) : []));
      return [...own, ...rest];
    }
    case 'command':
      return [commandOf(node)];
    default:
      return [{ program: '', args: [] }];
  }
}

function commandOf(node: SyntaxNode): PipelineCommand {
  const name = node.childForFieldName('name');
  if (!name) return { program: '', args: [] };
  const words = [name.firstNamedChild ?? name, ...node.childrenForFieldName('argument')].map((word) =>
    wordOf(word),
  );
  return unwrap(words);
}

/** `sudo -u app env X=1 timeout 5 curl …` -> `curl …`. */
function unwrap(words: ShellWord[]): PipelineCommand {
  let at = 0;
  for (;;) {
    while (at < words.length && ASSIGNMENT.test((words[at] as ShellWord).prefix)) at++;
    const first = words[at];
    if (first === undefined) return { program: '', args: [] };
    const program = first.isStatic ? posix.basename(first.text) : '';
    const wrapper = Object.hasOwn(WRAPPERS, program) ? WRAPPERS[program] : undefined;
    const args = words.slice(at + 1).map((word) => word.text);
    if (!wrapper || (program === 'command' && args.some((arg) => /^-[a-zA-Z]*[vV]/.test(arg)))) {
      return { program, args };
    }
    at++;
    let operands = wrapper.operands ?? 0;
    while (at < words.length) {
      const word = (words[at] as ShellWord).text;
      if (word === '--') {
        at++;
        break;
      }
      if (word.startsWith('-') && word.length > 1) at += wrapper.values.includes(word) ? 2 : 1;
      else if (operands > 0) {
        operands--;
        at++;
      } else break;
    }
  }
}
