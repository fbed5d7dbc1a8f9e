import { type CheckResult, failed, listSome, passed } from './check-result.ts';

export interface WorkdirsDeps {
  /** Working directories the runbooks use (their `cd` or the binding's `workdir`). */
  workdirs: string[];
  exists: (dir: string) => boolean | Promise<boolean>;
}

const name = 'Working directories';

export async function checkWorkdirs(deps: WorkdirsDeps): Promise<CheckResult> {
  const unique = [...new Set(deps.workdirs)];
  if (unique.length === 0) return passed(name, 'no runbook sets a working directory');
  const found = await Promise.all(unique.map(async (dir) => ({ dir, ok: await deps.exists(dir) })));
  const missing = found.filter((entry) => !entry.ok).map((entry) => entry.dir);
  if (missing.length === 0)
    return passed(name, `${listSome(unique)} ${unique.length === 1 ? 'exists' : 'exist'}`);
  return failed(
    name,
    'error',
    `missing: ${listSome(missing)}`,
    'every step would fail with "no such directory": fix the binding\'s workdir, or mount the project folder at the same path (Docker: a volume /opt/atendechat:/opt/atendechat)',
  );
}
