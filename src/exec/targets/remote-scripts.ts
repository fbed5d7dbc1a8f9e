import { exportLine, quoteShell } from './shell-quote.ts';

/**
 * The one command line every SSH invocation asks for. It is constant: the script it runs comes on
 * stdin (up to a NUL byte), so parameter values never appear in a command line on either host
 * (`ps` shows only this), and a key's forced command can pin exactly this text (docs/DEPLOY.md).
 * What follows the NUL on stdin is the step's own stdin.
 */
export const REMOTE_ENTRY = `exec bash --norc --noprofile -c 'IFS= read -r -d "" script || exit 125; eval "$script"'`;

/** Exit status of the launcher when the workdir is missing (also said by a marker line). */
export const BAD_CWD_EXIT = 97;

/** The stderr line the launcher writes once the step runs: `RBPID:<nonce>:<session id>`. */
export function pidMarker(nonce: string): RegExp {
  return new RegExp(`^RBPID:${nonce}:(\\d+)$`);
}
export function badCwdMarker(nonce: string): string {
  return `RBCWD:${nonce}`;
}

/**
 * The launcher of one step on the remote host. It enters the workdir (or says it is missing),
 * exports the step's variables (each value a single-quoted word), and starts the command as
 * `bash --norc -o pipefail -o nounset -c COMMAND` in a new session under `timeout` (a backstop
 * that ends the session should this side vanish; the executor's own timeout comes first), its
 * stdout and stderr together on stdout. It reports the session id on stderr, waits, then kills
 * whatever the step left in its process group and session, like the local executor.
 */
export function stepLauncher(options: {
  command: string;
  workdir: string | undefined;
  env: Readonly<Record<string, string>>;
  nonce: string;
  backstopSeconds: number;
}): string {
  const lines = ['exec 3<&0'];
  if (options.workdir !== undefined) {
    lines.push(
      `cd -- ${quoteShell(options.workdir)} 2>/dev/null || { printf '%s\\n' ${quoteShell(badCwdMarker(options.nonce))} >&2; exit ${BAD_CWD_EXIT}; }`,
    );
  }
  lines.push(exportLine(options.env));
  lines.push(
    `setsid timeout -s KILL ${Math.max(1, Math.ceil(options.backstopSeconds))}s bash --norc --noprofile -o pipefail -o nounset -c ${quoteShell(options.command)} <&3 3<&- 2>&1 &`,
    'rb_pid=$!',
    `printf 'RBPID:%s:%s\\n' ${quoteShell(options.nonce)} "$rb_pid" >&2`,
    'wait "$rb_pid"; rb_status=$?',
    'kill -s KILL -- "-$rb_pid" 2>/dev/null; pkill -KILL -s "$rb_pid" 2>/dev/null',
    'exit "$rb_status"',
  );
  return `${lines.join('\n')}\n`;
}

/** Signals the step's process group and every process left in its session. */
export function killScript(sessionId: number, signal: 'TERM' | 'KILL'): string {
  if (!Number.isInteger(sessionId) || sessionId <= 1) throw new Error(`not a session id: ${sessionId}`);
  return `kill -s ${signal} -- -${sessionId} 2>/dev/null; pkill -${signal} -s ${sessionId} 2>/dev/null; exit 0\n`;
}

/** Prints each readable `.env`, `.env.*` file of the workdir (at most 1 MB each), NUL after each. */
export function envFilesScript(workdir: string): string {
  return [
    `cd -- ${quoteShell(workdir)} 2>/dev/null || exit 0`,
    'shopt -s nullglob',
    `for f in .env .env.*; do [ -f "$f" ] && [ -r "$f" ] || continue; head -c 1000000 -- "$f"; printf '\\0'; done`,
    'exit 0',
    '',
  ].join('\n');
}

/**
 * What `doctor` asks a host: whether the workdir exists, and which of `programs` are missing.
 * Answers `workdir=yes|no` then `missing=<name>` lines.
 */
export function probeScript(
  workdir: string | undefined,
  programs: readonly string[],
  env: Readonly<Record<string, string>> = {},
): string {
  const lines = [
    exportLine(env),
    workdir === undefined
      ? 'echo workdir=yes'
      : `if [ -d ${quoteShell(workdir)} ]; then echo workdir=yes; else echo workdir=no; fi`,
  ];
  for (const program of programs) {
    lines.push(`command -v -- ${quoteShell(program)} >/dev/null 2>&1 || echo missing=${quoteShell(program)}`);
  }
  lines.push('exit 0', '');
  return lines.join('\n');
}
