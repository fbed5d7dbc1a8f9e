import { change, read, unrecognised, within } from '../risk-verdict.ts';
import type { RiskRule } from '../rule-types.ts';
import { words } from '../words.ts';

const RUNNER_SUBCOMMANDS = new Set(['exec']);
/** Runners that download a package from the registry and run it: anything can happen. */
const DOWNLOADERS = new Set(words('npx pnpx bunx'));
const DOWNLOAD_SUBCOMMANDS = new Set(['dlx', 'x']);
const RUNNER_CHANGES = new Set(
  words('install i add remove rm uninstall update upgrade ci link publish prune run start test'),
);

/** Package runners: `pnpm prisma …`, `npx prisma …` are judged as `prisma …`; installs change. */
const runner: RiskRule = (args, context) => {
  const { program } = context;
  const dynamic = args.find((arg) => !arg.isStatic);
  if (dynamic) return change(`${program} ${dynamic.text} (known only at run time)`);
  if (DOWNLOADERS.has(program)) return change(`${program} (downloads and runs a package)`);
  if (args.length === 1 && ['--version', '-v'].includes(args[0]?.text ?? ''))
    return read(`${program} --version`);
  let rest = args.filter((arg) => !arg.text.startsWith('-'));
  const first = rest[0]?.text ?? '';
  if (DOWNLOAD_SUBCOMMANDS.has(first) || (program === 'npm' && first === 'exec'))
    return change(`${program} ${first} (downloads and runs a package)`);
  if (program === 'npm') {
    if (
      ['ls', 'list', 'view', 'outdated', 'config'].includes(first) &&
      !(first === 'config' && rest[1]?.text !== 'get' && rest[1]?.text !== 'list')
    )
      return read(`npm ${first}`);
    return RUNNER_CHANGES.has(first) ? change(`npm ${first}`) : unrecognised(`npm ${first}`.trim());
  }
  if (RUNNER_SUBCOMMANDS.has(first)) rest = rest.slice(1);
  const name = rest[0]?.text ?? '';
  if (RUNNER_CHANGES.has(name)) return change(`${program} ${name}`);
  const dashAt = args.findIndex((arg) => arg.text === '--');
  const inner = dashAt === -1 ? args.slice(args.indexOf(rest[0] as never)) : args.slice(dashAt + 1);
  return inner.length === 0 || rest[0] === undefined
    ? unrecognised(program)
    : within(program, context.judgeWords(inner, context.stdin));
};

export const RUNNER_RULES: Record<string, RiskRule> = Object.fromEntries(
  words('npx pnpx bunx pnpm yarn npm bun').map((name) => [name, runner]),
);

/** Programs that change the host whatever their options. */
export const WRITER_RULES: Record<string, RiskRule> = Object.fromEntries(
  words(`
  rm rmdir mv cp mkdir touch chmod chown chgrp ln pkill killall reboot shutdown poweroff halt truncate dd
  mkfs mount umount apt apt-get yum dnf apk pip pip3 useradd userdel usermod passwd crontab iptables
  nft ufw rsync install shred fallocate swapoff swapon sysctl logrotate tar unzip gzip gunzip patch
  vi vim nano ed
`).map((name) => [name, (_args, { program }) => change(program)]),
);
