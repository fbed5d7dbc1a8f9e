/**
 * The one rule for "this output line reports a failure", used by the log summaries of the
 * verdicts, the suggestions (exec/suggest/) and the lines renderers quote (render/common/).
 * It reads the formats an on-call meets: log levels (`ERROR`, `PANIC:`, `"level":"error"`,
 * pino's 50/60, nginx's `[emerg]`), exception classes (`TypeError`, `PrismaClientInitializationError`),
 * Node's error codes (`ECONNREFUSED`, `ENOSPC`), Prisma's `P1001`, a process that died (`Killed`,
 * `exited with code 1`, `Exited (137)`, `ELIFECYCLE`) and the words of failure in English and
 * Portuguese. A count of none (`0 errors`, `failed=0`) is not an error, nor a clean exit.
 */
export function isErrorLine(line: string): boolean {
  const text = line.replace(NONE, ' ');
  return FAILURE_WORDS.test(text) || MARKERS.test(text) || DIED.test(text);
}

/** Words of failure, whole words, any case. */
const FAILURE_WORDS =
  /\b(?:errors?|erro|fail(?:s|ed|ing|ures?)?|falh\w*|fatal|panic(?:ked)?|critical|severe|exceptions?|traceback|unhandled|crash(?:ed|es|ing)?|refused|denied|unhealthy|killed|oom-?killed|segmentation fault|out of memory|no space left|timed out|deadline exceeded)\b/i;

/** Case-sensitive markers: exception classes in CamelCase, error codes, log levels in brackets. */
const MARKERS =
  /[a-z](?:Error|Exception)\b|\bERR!?(?=\s|$)|\bE(?:CONNREFUSED|CONNRESET|CONNABORTED|TIMEDOUT|NOTFOUND|AI_AGAIN|HOSTUNREACH|NETUNREACH|ADDRINUSE|NOSPC|ACCES|PERM|PIPE|MFILE|NOMEM)\b|\bELIFECYCLE\b|\bP10\d\d\b|\[(?:emerg|alert|crit)\]|"level"\s*:\s*(?:50|60)\b/;

/** A process that ended with a non-zero code. */
const DIED = /\b(?:exited|exit (?:code|status))\b(?: with code)?\s*\(?\s*[1-9]/i;

/** "0 errors", "no failures", "without errors", "errors: 0", "failed=0": counts of nothing. */
const NONE =
  /\b(?:0|no|zero|without)\s+(?:errors?|failures?|failed|exceptions?)\b|\b(?:errors?|failures?|failed)\s*[=:]\s*0(?![.\d])/gi;
