import { readFile } from 'node:fs/promises';
import { error, type Problem } from './problem.ts';

export type TextFileResult = { ok: true; text: string } | { ok: false; problem: Problem };

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Reads a UTF-8 text file; a missing, unreadable or binary file becomes a problem, not an exception. */
export async function readTextFile(file: string, what: string): Promise<TextFileResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : code === 'EACCES'
            ? 'cannot be read: permission denied'
            : `cannot be read (${code ?? 'unknown error'})`;
    return { ok: false, problem: error(file, 1, `this ${what} ${reason}`, 'check the path and try again') };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const line = bytes.subarray(0, nul).toString('latin1').split('\n').length;
    return {
      ok: false,
      problem: error(file, line, `${what} is a binary file (NUL byte)`, `the ${what} must be UTF-8 text`),
    };
  }
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    return {
      ok: false,
      problem: error(
        file,
        firstInvalidLine(bytes),
        `${what} is not valid UTF-8`,
        'save the file as UTF-8 text',
      ),
    };
  }
}

function firstInvalidLine(bytes: Buffer): number {
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, middle + 1), { stream: true });
      low = middle + 1;
    } catch {
      high = middle;
    }
  }
  return bytes.subarray(0, low).toString('latin1').split('\n').length;
}
