import type { PipelineCommand } from '../../runbook/risk/output-pipeline.ts';
import type { Judgement } from './judge-step.ts';
import { trimGot } from './pick-relevant-line.ts';

/** What the built-in HTTP judge expects when the runbook wrote nothing: a success or a redirect. */
export const HTTP_OK_EXPECTED = 'HTTP 2xx/3xx';

const CODE_PLACEHOLDER = /%\{(?:http_code|response_code)\}/;
const ANY_PLACEHOLDER = /%\{[^}]*\}|%[a-z]|\\n|\\r|\\t/g;
/** curl's short options that take no value: they may share a word with `-w` (`-sSw FORMAT`). */
const CURL_FLAGS = /^-[sSfLkiIvgqN46]*w(.*)$/;

/**
 * `curl -w '%{http_code}'` (the last command of its pipeline) with no written expectation still
 * means "did the server answer well?": the printed code decides, 2xx/3xx pass, 4xx/5xx fail and
 * `000` (no response at all) fails with curl's own error line when there is one. Works whatever
 * curl's exit code (`-f` exits 22 on a 502 and still prints the code). Null when the step is not
 * such a command or no code can be found in the output.
 */
export function judgeHttpCode(pipeline: readonly PipelineCommand[], output: string): Judgement | null {
  const code = writtenOutHttpCode(pipeline, output);
  if (code === null) return null;
  if (code >= 200 && code < 400) {
    return { status: 'pass', detail: { kind: 'matched', expected: HTTP_OK_EXPECTED, got: `HTTP ${code}` } };
  }
  const shown = String(code).padStart(3, '0');
  const reason = code === 0 ? curlError(output) : null;
  return {
    status: 'fail',
    detail: {
      kind: 'expected_got',
      expected: HTTP_OK_EXPECTED,
      got: trimGot(reason ? `HTTP ${shown} — ${reason}` : `HTTP ${shown}`),
    },
  };
}

/** The code `curl -w '…%{http_code}…'` printed (0 for `000`), or null when there is none. */
export function writtenOutHttpCode(pipeline: readonly PipelineCommand[], output: string): number | null {
  const last = pipeline.at(-1);
  if (last?.program !== 'curl') return null;
  const format = writeOutFormat(last.args);
  if (format === null || !CODE_PLACEHOLDER.test(format)) return null;
  return printedCode(format, output);
}

/** The value of `-w FORMAT`, `-sSw FORMAT`, `-wFORMAT`, `--write-out FORMAT`, `--write-out=FORMAT`. */
function writeOutFormat(args: readonly string[]): string | null {
  for (let at = 0; at < args.length; at++) {
    const arg = args[at]!;
    if (arg === '--') return null;
    if (arg === '--write-out') return args[at + 1] ?? null;
    if (arg.startsWith('--write-out=')) return arg.slice('--write-out='.length);
    const short = CURL_FLAGS.exec(arg);
    if (short) return short[1] ? short[1] : (args[at + 1] ?? null);
  }
  return null;
}

/**
 * The code where the format puts it: the literal text right after the placeholder (up to the next
 * placeholder or escape) anchors it; with nothing after it, the code ends the output.
 */
function printedCode(format: string, output: string): number | null {
  const after = format.split(CODE_PLACEHOLDER)[1] ?? '';
  const literalAfter = after.split(ANY_PLACEHOLDER)[0]!.trim();
  const before = format.split(CODE_PLACEHOLDER)[0]!;
  const literalBefore = (before.split(ANY_PLACEHOLDER).at(-1) ?? '').trim();
  const pattern = new RegExp(
    `${literalBefore ? `${escapeRegExp(literalBefore)}\\s*` : '(?:^|\\D)'}(\\d{3})${
      literalAfter
        ? `\\s*${escapeRegExp(literalAfter)}`
        : after.trim() === ''
          ? '(?=[ \\t]*$|curl: \\()'
          : '(?!\\d)'
    }`,
    'gm',
  );
  const matches = [...output.matchAll(pattern)];
  const found = matches.at(-1)?.[1];
  return found === undefined ? null : Number(found);
}

/** `curl: (7) Failed to connect to …` (printed without `-s`, or with `-sS`). */
function curlError(output: string): string | null {
  const line = /curl: \(\d+\)[^\n]*/.exec(output)?.[0];
  return line === undefined ? null : line.trim().replace(/\s*\d{3}$/, '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
