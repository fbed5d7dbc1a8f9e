import { type CheckResult, failed, passed } from './check-result.ts';
import { extractHostPrograms } from './extract-programs.ts';

export interface ProgramsDeps {
  /** Command texts of every runbook step. */
  commands: string[];
  /** True when the program is on PATH (or, for an absolute path, executable). */
  which: (program: string) => Promise<boolean>;
  /** True when `docker compose` (the v2 CLI plugin) works; omit to skip. */
  dockerCompose?: () => Promise<boolean>;
}

const name = 'Programs the runbooks call';

/** Where the usual runbook programs come from on Debian/Ubuntu. */
const debianPackages: Record<string, string> = {
  curl: 'curl',
  docker: 'docker.io (or docker-ce from Docker)',
  journalctl: 'systemd',
  netstat: 'net-tools',
  ss: 'iproute2',
  'redis-cli': 'redis-tools',
  psql: 'postgresql-client',
  pg_isready: 'postgresql-client',
  jq: 'jq',
  wget: 'wget',
  dig: 'dnsutils',
};

export async function checkPrograms(deps: ProgramsDeps): Promise<CheckResult> {
  const { programs, usesDockerCompose } = extractHostPrograms(deps.commands);
  const found = await Promise.all(
    programs.map(async (use) => ({ ...use, ok: await deps.which(use.program) })),
  );
  const missing = found.filter((use) => !use.ok);
  const composeMissing =
    usesDockerCompose && deps.dockerCompose && !missing.some((use) => use.program === 'docker')
      ? !(await deps.dockerCompose())
      : false;

  if (missing.length === 0 && !composeMissing) {
    return passed(name, `all ${programs.length} found: ${programs.map((use) => use.program).join(', ')}`);
  }
  const names = missing.map((use) => `${use.program} (${use.uses} ${use.uses === 1 ? 'step' : 'steps'})`);
  if (composeMissing) names.push('docker compose plugin');
  const hints = missing.map((use) => {
    const source = debianPackages[use.program];
    return source
      ? `${use.program}: apt-get install ${source}`
      : `${use.program}: install it or add its folder to PATH`;
  });
  if (composeMissing)
    hints.push(
      'docker compose: install the Compose v2 plugin (docker-compose-plugin, or docker-compose-v2 on Ubuntu)',
    );
  hints.push('the bot runs steps with its own PATH: under systemd set Environment=PATH=… in the unit');
  return failed(name, 'error', `missing: ${names.join(', ')}`, hints.join('\n'));
}
