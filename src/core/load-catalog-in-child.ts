import { type ChildProcess, fork } from 'node:child_process';
import type { CatalogParts } from './load-catalog.ts';

/** What the child is asked: the runbook folder (absolute) and the RUNBOOK_PASS_ENV names. */
export interface ChildRequest {
  dir: string;
  passEnv: string[];
}

/** What the child process sends back: the catalog's parts, or why it could not load them. */
export type ChildAnswer = { parts: CatalogParts } | { error: string };

/** The catalog's parts, or why they were not loaded ahead of time. */
export type AheadResult = { parts: CatalogParts } | { unused: string };

/** A catalog being loaded ahead of time, for the folder and names it was started with. */
export interface CatalogAhead extends ChildRequest {
  /** The answer; from now on the process waits for it (until then, it would not keep it alive). */
  take(): Promise<AheadResult>;
}

const isTypeScript = import.meta.url.endsWith('.ts');
const childFile = new URL(
  isTypeScript ? './load-catalog-child.ts' : './load-catalog-child.js',
  import.meta.url,
);

/**
 * `loadCatalogParts(dir, passEnv)` in a short-lived process of its own, for `serve`: parsing the
 * runbooks (Markdown, bindings, the bash grammar of every step) is most of the bot's own start-up work, and
 * on a host with a second core it overlaps the bot's loading of its code (docs/BENCHMARKS.md,
 * "Cold start"). A process rather than a worker thread: everything it allocated goes back to the
 * system when it exits (a worker thread's left ~12 MB in the bot's memory for good).
 *
 * `env`: the bot's environment (the child reads nothing of it but Node's own settings, NODE_OPTIONS
 * included: same heap caps, same code cache). When the child could not do it, whatever the reason
 * (it did not start, the folder cannot be read, it crashed), the answer says why, and the caller
 * loads in its own process: the same result or the same error, with its type (`UserError`) intact.
 */
export function loadCatalogInChild(request: ChildRequest, env: NodeJS.ProcessEnv): CatalogAhead {
  let child: ChildProcess;
  try {
    child = fork(childFile, [], {
      env: { ...env, RUNBOOK_BOT_LOAD_CATALOG: JSON.stringify(request) },
      // V8's flags as the bot's own (bin/runbook-bot.js): WebAssembly on the baseline compiler only.
      execArgv: isTypeScript
        ? ['--liftoff-only', '--import', import.meta.resolve('tsx')]
        : ['--liftoff-only'],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
  } catch (error) {
    const unused = `the process did not start: ${(error as Error).message}`;
    return { ...request, take: () => Promise.resolve({ unused }) };
  }
  // Not what keeps the bot's process alive until someone waits for the answer: a command that
  // fails before it needs the runbooks does not wait for them.
  child.unref();
  child.channel?.unref();
  let answered = false;
  const result = new Promise<AheadResult>((resolve) => {
    const settle = (answer: AheadResult) => {
      answered = true;
      resolve(answer);
    };
    child.once('message', (answer: ChildAnswer) =>
      settle('parts' in answer ? answer : { unused: answer.error }),
    );
    child.once('error', (error) => settle({ unused: `the process did not start: ${error.message}` }));
    child.once('exit', (code, signal) =>
      settle({ unused: `the process ended (${signal ?? `code ${code}`}) before answering` }),
    );
  });
  return {
    ...request,
    take: () => {
      if (!answered) {
        child.ref();
        child.channel?.ref();
      }
      return result;
    },
  };
}
