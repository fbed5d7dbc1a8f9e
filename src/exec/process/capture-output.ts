import type { Redactor } from '../redact/create-redactor.ts';

export interface CapturedOutput {
  output: string;
  truncated: boolean;
  droppedBytes: number;
  totalBytes: number;
}

export interface OutputCapture {
  /** What is kept: the first `headBytes` and the last `tailBytes` of the stream. */
  readonly limits: { headBytes: number; tailBytes: number };
  push(chunk: Uint8Array | string): void;
  /**
   * `bytes` of the stream that another process already dropped between the head and the tail (the
   * step host sends only what `limits` keeps): counted as dropped. Only once the head is full and
   * before any tail byte.
   */
  skip(bytes: number): void;
  /** The raw bytes kept so far (tail cut to `tailBytes`) and how many fell between them. */
  kept(): { head: Buffer; dropped: number; tail: Buffer };
  /** Redacts and joins what was kept: the whole output, or head + marker + tail. */
  finish(redact: Redactor): CapturedOutput;
}

/** How far back (forward for the tail) a cut may move to land on a line or word boundary. */
const EDGE_WINDOW = 4096;

/**
 * Keeps the first `headBytes` and the last `tailBytes` of a stream, counting what falls between,
 * so memory stays bounded whatever the step prints. When bytes are dropped, the cut moves to a
 * line (or word) boundary and partial known secrets at the cut are removed after redaction, so
 * a secret split by the cut cannot leak half of itself.
 */
export function createOutputCapture(options: { headBytes: number; tailBytes: number }): OutputCapture {
  const head: Buffer[] = [];
  let headSize = 0;
  let tail: Buffer[] = [];
  let tailSize = 0;
  let total = 0;

  const push = (chunk: Uint8Array | string): void => {
    let buffer =
      typeof chunk === 'string'
        ? Buffer.from(chunk)
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    total += buffer.length;
    if (headSize < options.headBytes) {
      const take = Math.min(options.headBytes - headSize, buffer.length);
      head.push(Buffer.from(buffer.subarray(0, take)));
      headSize += take;
      buffer = buffer.subarray(take);
    }
    if (buffer.length === 0 || options.tailBytes === 0) return;
    tail.push(Buffer.from(buffer));
    tailSize += buffer.length;
    while (tail.length > 1 && tailSize - tail[0]!.length >= options.tailBytes) {
      tailSize -= tail[0]!.length;
      tail.shift();
    }
    if (tail.length > 64) {
      const merged = Buffer.concat(tail);
      const keep = Math.min(merged.length, options.tailBytes);
      tail = [Buffer.from(merged.subarray(merged.length - keep))];
      tailSize = keep;
    }
  };

  const kept = (): { head: Buffer; dropped: number; tail: Buffer } => {
    const headBuffer = Buffer.concat(head);
    let tailBuffer = Buffer.concat(tail);
    if (tailBuffer.length > options.tailBytes)
      tailBuffer = tailBuffer.subarray(tailBuffer.length - options.tailBytes);
    return { head: headBuffer, dropped: total - headBuffer.length - tailBuffer.length, tail: tailBuffer };
  };

  const finish = (redact: Redactor): CapturedOutput => {
    const { head: headBuffer, dropped, tail: tailBuffer } = kept();
    if (dropped <= 0) {
      const output = redact(Buffer.concat([headBuffer, tailBuffer]).toString('utf8'));
      return { output, truncated: false, droppedBytes: 0, totalBytes: total };
    }
    const headKept = headBuffer.subarray(0, cutHeadAt(headBuffer));
    const tailKept = tailBuffer.subarray(cutTailAt(tailBuffer));
    const headRedacted = redact(headKept.toString('utf8'));
    const tailRedacted = redact(tailKept.toString('utf8'));
    const headText = stripPartialPrefix(headRedacted, redact.secrets);
    const tailText = stripPartialSuffix(tailRedacted, redact.secrets);
    const stripped =
      Buffer.byteLength(headRedacted.slice(headText.length)) +
      Buffer.byteLength(tailRedacted.slice(0, tailRedacted.length - tailText.length));
    const droppedBytes = total - headKept.length - tailKept.length + stripped;
    const joint = headText.length === 0 || headText.endsWith('\n') ? '' : '\n';
    const marker = `${joint}[… ${droppedBytes.toLocaleString('en-US')} bytes omitted …]\n`;
    return { output: `${headText}${marker}${tailText}`, truncated: true, droppedBytes, totalBytes: total };
  };

  return {
    limits: { headBytes: options.headBytes, tailBytes: options.tailBytes },
    push,
    skip: (bytes) => {
      total += bytes;
    },
    kept,
    finish,
  };
}

function windowFor(buffer: Buffer): number {
  return Math.min(EDGE_WINDOW, Math.floor(buffer.length / 2));
}

/** End of the kept head: after the last newline (else space) near the end, else a window earlier. */
function cutHeadAt(buffer: Buffer): number {
  const window = windowFor(buffer);
  const from = buffer.length - window;
  const newline = buffer.lastIndexOf(0x0a);
  if (newline >= from) return newline + 1;
  for (let index = buffer.length - 1; index >= from; index--) {
    if (buffer[index] === 0x20 || buffer[index] === 0x09) return index + 1;
  }
  return from;
}

/** Start of the kept tail: after the first newline (else space) near the start, else a window later. */
function cutTailAt(buffer: Buffer): number {
  const window = windowFor(buffer);
  const newline = buffer.indexOf(0x0a);
  if (newline !== -1 && newline < window) return newline + 1;
  for (let index = 0; index < window; index++) {
    if (buffer[index] === 0x20 || buffer[index] === 0x09) return index + 1;
  }
  return window;
}

/** A shorter piece of a secret at the cut tells nothing; stripping it would eat ordinary text. */
const MIN_PARTIAL = 3;

/** Removes the start of a known secret left at the end of a cut head. */
function stripPartialPrefix(text: string, secrets: readonly string[]): string {
  let cut = 0;
  for (const secret of secrets) {
    for (
      let length = Math.min(secret.length - 1, text.length);
      length >= Math.max(cut + 1, MIN_PARTIAL);
      length--
    ) {
      if (text.endsWith(secret.slice(0, length))) {
        cut = length;
        break;
      }
    }
  }
  return text.slice(0, text.length - cut);
}

/** Removes the end of a known secret left at the start of a cut tail. */
function stripPartialSuffix(text: string, secrets: readonly string[]): string {
  let cut = 0;
  for (const secret of secrets) {
    for (
      let length = Math.min(secret.length - 1, text.length);
      length >= Math.max(cut + 1, MIN_PARTIAL);
      length--
    ) {
      if (text.startsWith(secret.slice(secret.length - length))) {
        cut = length;
        break;
      }
    }
  }
  return text.slice(cut);
}
