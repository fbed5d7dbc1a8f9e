import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Creates `dir` if needed, writes a temporary file in it and deletes it. Throws when it cannot. */
export async function probeWriteDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const probe = join(dir, `.doctor-probe-${randomUUID()}`);
  try {
    await writeFile(probe, 'ok\n', { flag: 'wx' });
  } finally {
    await rm(probe, { force: true });
  }
}
