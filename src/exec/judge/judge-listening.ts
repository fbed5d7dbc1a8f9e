import type { Judgement } from './judge-step.ts';
import { splitPipeline } from './split-pipeline.ts';

const SOCKET_LISTING = /^(?:\S*\/)?(?:ss|netstat)(?:\s|$)/;
const GREP = /^(?:\S*\/)?(?:grep|egrep|fgrep|rg)(?:\s|$)/;
/** A socket that accepts connections: TCP `LISTEN` (ss, netstat), UDP bound (`UNCONN` in ss, `udp` in netstat). */
const LISTENING = /\bLISTEN\b|^\s*UNCONN\b|^\s*udp6?\s/m;

/**
 * `ss -ltn | grep 8080` / `netstat -tlnp | grep :8080` asks "is something listening there?":
 * no line, or only lines of other states (ESTABLISHED, TIME_WAIT…), means nothing listens, a
 * failure naming what was looked for (never "no matching lines", which reads as fine). Null when
 * the step is not an ss/netstat listing filtered by grep, or a listening line is there.
 */
export function judgeListening(command: string, output: string): Judgement | null {
  const segments = splitPipeline(command).map((segment) => segment.replace(/^(?:sudo\s+|\w+=\S*\s+)+/, ''));
  if (segments.length < 2 || !SOCKET_LISTING.test(segments[0]!)) return null;
  const greps = segments.slice(1).filter((segment) => GREP.test(segment));
  if (greps.length === 0 || greps.length !== segments.length - 1) return null;
  const patterns = greps.map(grepPattern);
  const asksListening =
    /\s(?:-[a-zA-Z]*l[a-zA-Z]*|--listening)(?:\s|$)/.test(` ${segments[0]!} `) ||
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
function grepPattern(segment: string): string {
  const words = shellWords(segment).slice(1);
  const eAt = words.findIndex((word) => word === '-e' || word === '--regexp');
  if (eAt !== -1 && words[eAt + 1] !== undefined) return words[eAt + 1]!;
  return words.find((word) => !word.startsWith('-')) ?? '';
}

function shellWords(segment: string): string[] {
  const words: string[] = [];
  for (const match of segment.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)) {
    words.push(match[1] ?? match[2] ?? match[3] ?? '');
  }
  return words;
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
