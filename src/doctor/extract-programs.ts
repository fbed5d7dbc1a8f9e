import { simpleCommands } from '../runbook/risk/simple-commands.ts';

export interface ProgramUse {
  /** A name looked up on PATH (`curl`), or an absolute path (`/usr/local/bin/check`). */
  program: string;
  /** How many runbook commands call it. */
  uses: number;
}

export interface HostPrograms {
  programs: ProgramUse[];
  /** Some command runs `docker compose …`: the Compose v2 CLI plugin must be installed too. */
  usesDockerCompose: boolean;
}

/** Builtins and keywords bash runs itself: nothing to find on PATH. */
const shellBuiltins = new Set([
  ':',
  '.',
  '[',
  '[[',
  'cd',
  'echo',
  'eval',
  'exit',
  'export',
  'false',
  'printf',
  'pwd',
  'read',
  'return',
  'set',
  'source',
  'test',
  'true',
  'type',
  'unset',
  'wait',
  'if',
  'then',
  'else',
  'fi',
  'for',
  'do',
  'done',
  'while',
]);

/** Programs that run the next word as another host program; `options` take a value. */
const wrappers: Record<string, { options: Set<string>; positional: number }> = {
  sudo: { options: new Set(['-u', '-g', '-C', '-h', '-p']), positional: 0 },
  env: { options: new Set(['-u', '-C', '-S']), positional: 0 },
  nohup: { options: new Set(), positional: 0 },
  time: { options: new Set(), positional: 0 },
  nice: { options: new Set(['-n']), positional: 0 },
  timeout: { options: new Set(['-s', '-k', '--signal', '--kill-after']), positional: 1 },
  xargs: { options: new Set(['-I', '-n', '-P', '-d', '-L', '-s', '-E']), positional: 0 },
  command: { options: new Set(), positional: 0 },
  exec: { options: new Set(), positional: 0 },
};

const assignment = /^[A-Za-z_][A-Za-z0-9_]*=/;

/**
 * The host programs of one simple command: its first word and, through wrappers (`sudo`,
 * `timeout 5`, `env X=1`, `xargs`), the program they start. `docker compose exec api redis-cli`
 * needs only `docker` on the host: redis-cli runs inside the container.
 */
function programsOfWords(words: string[]): string[] {
  const found: string[] = [];
  let index = 0;
  while (index < words.length) {
    while (index < words.length && assignment.test(words[index] ?? '')) index++;
    const word = words[index];
    if (word === undefined || shellBuiltins.has(word) || word.startsWith('$')) break;
    if (word.includes('/') && !word.startsWith('/')) break; // ./script.sh: relative to the step's cwd
    found.push(word);
    const wrapper = wrappers[word];
    if (!wrapper) break;
    index++;
    let positional = wrapper.positional;
    while (index < words.length) {
      const next = words[index] ?? '';
      if (next.startsWith('-')) index += wrapper.options.has(next) ? 2 : 1;
      else if (word === 'env' && assignment.test(next)) index++;
      else if (positional > 0) {
        positional--;
        index++;
      } else break;
    }
  }
  return found;
}

function usesCompose(words: string[]): boolean {
  return words[0] === 'docker' && words.slice(1).find((word) => !word.startsWith('-')) === 'compose';
}

/** The programs the runbooks' commands need on the host, with how many commands use each. */
export function extractHostPrograms(commands: string[]): HostPrograms {
  const uses = new Map<string, number>();
  let usesDockerCompose = false;

  const visit = (command: string): Set<string> => {
    const here = new Set<string>();
    for (const shellWords of simpleCommands(command)) {
      // a word known only at run time (`$CMD`, `$(…)`) names no program we can look for
      const words = shellWords.map((word) => (word.isStatic ? word.text : `$${word.text}`));
      for (const program of programsOfWords(words)) here.add(program);
      if (usesCompose(words)) usesDockerCompose = true;
    }
    return here;
  };

  for (const command of commands) {
    for (const program of visit(command)) uses.set(program, (uses.get(program) ?? 0) + 1);
  }
  const programs = [...uses.entries()]
    .map(([program, count]) => ({ program, uses: count }))
    .sort((a, b) => a.program.localeCompare(b.program));
  return { programs, usesDockerCompose };
}
