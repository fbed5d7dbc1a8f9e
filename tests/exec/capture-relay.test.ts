import { describe, expect, it } from 'vitest';
import { createOutputCapture } from '../../src/exec/process/capture-output.ts';
import { createRedactor } from '../../src/exec/redact/create-redactor.ts';

const SECRET = 'hunter2-secret-value';
const redact = createRedactor({ secrets: [SECRET] });

/** A step's output in uneven chunks: numbered lines, a secret now and then, long lines without spaces. */
function chunksOf(lines: number, seed: number): Buffer[] {
  const text = Array.from({ length: lines }, (_, index) =>
    index % 17 === seed % 17
      ? `line ${index} token ${SECRET}\n`
      : index % 23 === 0
        ? `${'x'.repeat(300)}\n`
        : `line ${index} ok\n`,
  ).join('');
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (
    let at = 0, size = 1 + (seed % 7);
    at < bytes.length;
    at += size, size = 1 + ((size * 31 + seed) % 900)
  )
    chunks.push(bytes.subarray(at, at + size));
  return chunks;
}

/** What the step host does: capture on its side, then send head, the count dropped and tail. */
function relayed(chunks: Buffer[], limits: { headBytes: number; tailBytes: number }) {
  const host = createOutputCapture(limits);
  for (const chunk of chunks) host.push(chunk);
  const { head, dropped, tail } = host.kept();
  const bot = createOutputCapture(limits);
  if (head.length > 0) bot.push(head);
  if (dropped > 0) bot.skip(dropped);
  if (tail.length > 0) bot.push(tail);
  return bot.finish(redact);
}

describe('output relayed from another process (the step host) is kept exactly as if read here', () => {
  const cases = [
    { lines: 5, limits: { headBytes: 1024, tailBytes: 1024 } },
    { lines: 2_000, limits: { headBytes: 2000, tailBytes: 2000 } },
    { lines: 2_000, limits: { headBytes: 1000, tailBytes: 0 } },
    { lines: 60, limits: { headBytes: 700, tailBytes: 700 } },
    { lines: 20_000, limits: { headBytes: 64 * 1024, tailBytes: 64 * 1024 } },
  ];
  for (const [index, { lines, limits }] of cases.entries()) {
    it(`${lines} lines, head ${limits.headBytes} and tail ${limits.tailBytes} bytes`, () => {
      for (let seed = 0; seed < 5; seed++) {
        const chunks = chunksOf(lines, seed + index);
        const direct = createOutputCapture(limits);
        for (const chunk of chunks) direct.push(chunk);
        const expected = direct.finish(redact);
        expect(relayed(chunks, limits)).toEqual(expected);
        expect(expected.output).not.toContain(SECRET);
      }
    });
  }
});
