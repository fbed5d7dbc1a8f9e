import type { PipelineCommand } from '../../runbook/risk/output-pipeline.ts';
import type { Judgement } from './judge-step.ts';

const SOCKET_LISTING = new Set(['ss', 'netstat']);
const GREP = new Set(['grep', 'egrep', 'fgrep', 'rg']);
/** A socket that accepts connections: TCP `LISTEN` (ss, netstat), UDP bound (`UNCONN` in ss, `udp` in netstat). */
const LISTENING = /\bLISTEN\b|^\s*UNCONN\b|^\s*udp6?\s/m;

/**
 * `ss -ltn | grep 8080` / `netstat -tlnp | grep :8080` asks "is something listening there?":
 * no line, or only lines of other states (ESTABLISHED, TIME_WAIT…), means nothing listens, a
 * failure naming what was looked for (never "no matching lines", which reads as fine). Null when
 * the step is not an ss/netstat listing filtered by grep, or a listening line is there.
 */
export function judgeListening(pipeline: readonly PipelineCommand[], output: string): Judgement | null {
  const [listing, ...filters] = pipeline;
  if (listing === undefined || filters.length === 0 || !SOCKET_LISTING.has(listing.program)) return null;
  if (!filters.every((filter) => GREP.has(filter.program))) return null;
  const patterns = filters.map((filter) => grepPattern(filter.args));
  const asksListening =
    listing.args.some((arg) => /^-[a-zA-Z]*l[a-zA-Z]*$/.test(arg) || arg === '--listening') ||
    patterns.some((pattern) => /LISTEN/i.test(pattern));
  if (!asksListening || LISTENING.test(output)) return null;
  if (/\S/.test(output) && !looksLikeSockets(output)) return null;
  const wanted = patterns.filter((pattern) => pattern.length > 0 && !/^LISTEN$/i.test(pattern));
  return {
    status: 'fail',
    detail: {
      kind: 'expected_got',
      expected: `LISTEN ${wanted.join(' ') || '…'}`.trim(),
      got: firstLine(output),
    },
  };
}

/** The pattern of `grep -E ':(80|443)\b'`, `grep -w 8080`, `grep LISTEN`. */
function grepPattern(words: readonly string[]): string {
  const eAt = words.findIndex((word) => word === '-e' || word === '--regexp');
  if (eAt !== -1 && words[eAt + 1] !== undefined) return words[eAt + 1]!;
  return words.find((word) => !word.startsWith('-')) ?? '';
}

/** Lines of a socket table (ss, netstat): a state word or a protocol first. */
function looksLikeSockets(output: string): boolean {
  return output
    .split('\n')
    .filter((line) => line.trim())
    .every((line) =>
      /^\s*(?:tcp6?|udp6?|unix|raw|ESTAB|TIME-WAIT|TIME_WAIT|CLOSE-WAIT|CLOSE_WAIT|SYN-SENT|SYN-RECV|FIN-WAIT-\d|LAST-ACK|CLOSING|Netid|State|Proto|Active)\b/.test(
        line,
      ),
    );
}

function firstLine(output: string): string | null {
  const line = output.split('\n').find((candidate) => candidate.trim().length > 0);
  return line === undefined ? null : line.trim().slice(0, 120);
}
