import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `which`: true when `program` is an executable in one of PATH's folders (or an executable absolute path). */
export async function findOnPath(program: string, pathEnv: string): Promise<boolean> {
  if (isAbsolute(program)) return isExecutable(program);
  for (const dir of pathEnv.split(delimiter)) {
    if (dir && (await isExecutable(join(dir, program)))) return true;
  }
  return false;
}
