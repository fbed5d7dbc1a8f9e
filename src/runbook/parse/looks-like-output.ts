/**
 * Shapes of text that is shown, not run: pasted output, logs, data and queries. Used to keep such
 * blocks (and stray output lines) out of the steps. Each test is about one line or one block.
 */

export type OutputKind = 'table' | 'log' | 'json' | 'yaml' | 'sql' | 'promql' | 'http' | 'output';

const TIMESTAMP =
  /^\s*(?:\[?\d{4}-\d{2}-\d{2}[T\s]\d{2}:\d{2}|\[?\d{2}:\d{2}:\d{2}|[A-Z][a-z]{2}\s+\d{1,2}\s+\d{2}:\d{2}:\d{2}|\d{2}\/[A-Z][a-z]{2}\/\d{4}|[IWEF]\d{4}\s+\d{2}:\d{2})/;
const LEVEL = /^\s*\[?(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|FATAL|CRITICAL|PANIC)\b[\]:\s]/;
const KEY_VALUE_LOG = /\b(?:level|lvl|severity|ts|time|msg)=\S/;
/** A table header: at least two upper-case words separated by 2+ spaces or tabs ("NAME   READY   STATUS"). */
const TABLE_HEADER = /^\s*[A-Z][A-Z0-9_%()./-]*(?:(?: {2,}|\t+)[A-Z][A-Z0-9_%()./ -]*){1,}\s*$/;
const SQL =
  /^\s*(?:SELECT|INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|CREATE\s+(?:TABLE|INDEX|USER|DATABASE|VIEW)|ALTER\s+(?:TABLE|USER|SYSTEM)|DROP\s+(?:TABLE|INDEX|DATABASE)|WITH\s+\w+\s+AS|GRANT|REVOKE|VACUUM|ANALYZE|EXPLAIN|SHOW\s+\w+|BEGIN;|COMMIT;|TRUNCATE)\b/i;
const PROMQL =
  /^\s*(?:(?:sum|avg|min|max|count|rate|irate|increase|histogram_quantile|topk|bottomk|absent|delta|deriv|predict_linear|label_replace|quantile_over_time|avg_over_time|max_over_time|sum_over_time)\s*(?:by|without)?\s*\(|[a-zA-Z_:][a-zA-Z0-9_:]*\{[^}]*\}(?:\[\d+[smhd]\])?\s*(?:[<>=!]=?|$|\*|\/|\+|-|offset|and|or|unless))/;
const HTTP = /^\s*(?:HTTP\/\d(?:\.\d)?\s+\d{3}|[A-Z][A-Za-z-]+:\s)/;
const YAML_KEY = /^\s*(?:-\s+)?[A-Za-z_][\w.-]*:(?:\s|$)/;
const JSON_START = /^\s*[[{]/;
const JSON_LINE = /^\s*(?:"[^"]*"\s*:|[}\]],?\s*$|[[{]\s*$)/;
/** Output rows such as `pod-abc-123   1/1   Running   0   3d`: several columns separated by wide gaps. */
const COLUMNS = /\S(?: {2,}|\t)\S.*(?: {2,}|\t)\S/;
const READY_RATIO = /(?:^|\s)\d+\/\d+(?:\s|$)/;

/** One line that reads as output rather than a command: a log line, a table header or row. */
export function lineLooksLikeOutput(line: string): OutputKind | null {
  if (line.trim() === '') return null;
  if (TIMESTAMP.test(line) || LEVEL.test(line) || KEY_VALUE_LOG.test(line)) return 'log';
  if (TABLE_HEADER.test(line)) return 'table';
  if (COLUMNS.test(line) && !/[|;&$]/.test(line) && !/^\s*(?:sudo\s+)?[a-z][\w.-]*\s+-/.test(line))
    return 'table';
  if (
    READY_RATIO.test(line) &&
    /\b(?:Running|Pending|CrashLoopBackOff|Error|Completed|Terminating)\b/.test(line)
  )
    return 'table';
  if (/^\s*HTTP\/\d/.test(line)) return 'http';
  return null;
}

/** A whole block that is data or a query: JSON, YAML, SQL, PromQL, HTTP headers, logs, tables. */
export function blockLooksLikeOutput(lines: readonly string[]): OutputKind | null {
  const content = lines.filter((line) => line.trim() !== '' && !/^\s*#/.test(line));
  if (content.length === 0) return null;
  const first = content[0] as string;
  if (
    JSON_START.test(first) &&
    content.every((line) => JSON_LINE.test(line) || /^\s*["\d\-tfn[{}\]]/.test(line))
  )
    return 'json';
  if (SQL.test(first)) return 'sql';
  if (PROMQL.test(first)) return 'promql';
  if (/^\s*HTTP\/\d/.test(first) || content.every((line) => HTTP.test(line))) return 'http';
  if (
    /^\s*(?:apiVersion|kind|metadata|spec|---)\b/.test(first) ||
    content.every((line) => YAML_KEY.test(line) || /^\s+\S/.test(line))
  )
    return looksLikeCommand(first) && !YAML_KEY.test(first) ? null : 'yaml';
  const outputLines = content.filter((line) => lineLooksLikeOutput(line) !== null).length;
  if (outputLines > 0 && outputLines >= content.length / 2) {
    return content.some((line) => lineLooksLikeOutput(line) === 'log') ? 'log' : 'table';
  }
  return null;
}

/**
 * A line that reads as a shell command: starts with a program name (lower-case word, path or
 * `VAR=value` prefix), then arguments. Prose ("Then restart it."), output and data do not.
 */
export function looksLikeCommand(line: string): boolean {
  const text = line.trim();
  if (text === '') return false;
  if (lineLooksLikeOutput(text) !== null) return false;
  if (SQL.test(text) || PROMQL.test(text)) return false;
  if (
    /^(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*(?:sudo\s+(?:-\S+\s+)*)?(?:\.{0,2}\/|~\/)?[a-z_][\w.+-]*(?:\/[\w.+-]+)*(?:\s|$|;|&|\|)/.test(
      text,
    )
  ) {
    const word = /^(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*(?:sudo\s+(?:-\S+\s+)*)?(\S+)/.exec(text)?.[1] ?? '';
    // `key: value` (YAML, headers) and `word.` (prose) are not commands
    if (/:$/.test(word) || /[.,]$/.test(word)) return false;
    return true;
  }
  return /^(?:[A-Za-z_][A-Za-z0-9_]*=\S*|\(|\{ |if |for |while |export |source |\.\s)/.test(text);
}
