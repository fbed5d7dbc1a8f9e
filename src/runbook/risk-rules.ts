import { judgeCompose, judgeDocker } from './docker-risk-rules.ts';
import { judgeCurl, judgeWget } from './http-risk-rules.ts';
import { judgeRedisCli } from './redis-risk-rule.ts';
import { change, type RiskRule, read, sensitive, unrecognised } from './risk-verdict.ts';
import { hasFlag } from './skip-options.ts';
import { judgeMysql, judgePrisma, judgePsql, judgeSql } from './sql-risk.ts';
import { words } from './words.ts';

/** Files whose content is a secret: `.env*`, keys, credentials. */
const SECRET_FILE =
  /(^|\/)(\.env(\..*)?|.*\.(pem|key|p12|pfx)|id_(rsa|ed25519|ecdsa)|\.pgpass|\.netrc|\.npmrc|credentials(\..*)?|secrets?(\..*)?|htpasswd|shadow|environ)$/i;

/** Programs that only look, unless they print a secret file. */
const READERS = words(`
  cat head tail less more grep egrep fgrep rg zgrep zcat awk sort uniq wc cut tr jq yq strings xxd
  od base64 column nl tac diff
`);
const PURE_READS = words(`
  ls ll stat file df du free uptime whoami hostname id date pwd ps pgrep pidof ss netstat lsof
  nproc uname vmstat iostat mpstat top htop pg_isready nslookup dig host ping traceroute tracepath
  mtr which type test [ true false sleep lsblk findmnt w who last getent nc telnet tree realpath
  basename dirname md5sum sha256sum seq cd pushd popd :
`);
const WRITERS = words(`
  rm rmdir mv cp mkdir touch chmod chown chgrp ln kill pkill killall reboot shutdown poweroff halt
  truncate dd mkfs mount umount apt apt-get yum dnf apk pip useradd userdel passwd crontab
  iptables ufw rsync scp install shred fallocate swapoff swapon sysctl logrotate
`);

const secretArgument = (args: string[]) => args.find((arg) => SECRET_FILE.test(arg));
/** awk programs that run a command (`system(…)`, `| getline`, `print | "sh"`) or write a file (`print > f`). */
const AWK_RUNS_OR_WRITES = /\bsystem\s*\(|\|\s*getline|\bprint[f]?\b.*(>|\|)/s;
/** sed scripts that run a command (`e`, `s///e`) or write a file (`w file`, `s///w file`), GNU sed. */
const SED_RUNS_OR_WRITES = /(^|[\s;{}!\d$/])[ewW](\s|$)|\/[gpiImM\d]*[ew](\s|$|;)/;
const SECRET_VARIABLE =
  /\$\{?[A-Z0-9_]*(SECRET|TOKEN|PASSWORD|PASSWD|PASS|KEY|DATABASE_URL|REDIS_URL|CREDENTIAL)[A-Z0-9_]*/;

function reader(name: string): RiskRule {
  return (args) => {
    const secret = secretArgument(args);
    return secret ? sensitive(`${name} ${secret} (secret file)`) : read(name);
  };
}

const SERVICE_READ = new Set(
  words(`
  status is-active is-enabled is-failed show list-units list-timers cat
`),
);

/** Program name -> rule. Anything missing here is `change`, unrecognised (default-deny). */
export const RISK_RULES: Record<string, RiskRule> = {
  ...Object.fromEntries(READERS.map((name) => [name, reader(name)])),
  ...Object.fromEntries(PURE_READS.map((name) => [name, () => read(name)])),
  ...Object.fromEntries(WRITERS.map((name) => [name, () => change(name)])),
  echo: (args) =>
    args.some((arg) => SECRET_VARIABLE.test(arg)) ? sensitive('echo of a secret variable') : read('echo'),
  printf: (args) =>
    args.some((arg) => SECRET_VARIABLE.test(arg)) ? sensitive('printf of a secret variable') : read('printf'),
  sed: (args) => {
    if (hasFlag(args, ['-i', '--in-place'])) return change('sed -i');
    if (args.some((arg) => !arg.startsWith('-') && SED_RUNS_OR_WRITES.test(arg)))
      return change('sed running a command or writing a file');
    return reader('sed')(args, () => read('sed'));
  },
  awk: (args, judge) =>
    args.some((arg) => AWK_RUNS_OR_WRITES.test(arg))
      ? change('awk running a command or writing a file')
      : reader('awk')(args, judge),
  tee: (args) =>
    args.every((arg) => arg.startsWith('-') || arg === '/dev/null')
      ? read('tee')
      : change('tee (writes a file)'),
  find: (args, judge) => {
    if (hasFlag(args, ['-delete', '-fprint', '-fprintf', '-fls'])) return change('find -delete');
    const execAt = args.findIndex((arg) => ['-exec', '-execdir', '-ok', '-okdir'].includes(arg));
    if (execAt === -1) return read('find');
    const end = args.findIndex((arg, i) => i > execAt && (arg === ';' || arg === '+'));
    const verdict = judge(args.slice(execAt + 1, end === -1 ? undefined : end));
    return { ...verdict, reason: `find -exec: ${verdict.reason}` };
  },
  xargs: (args, judge) => {
    const at = args.findIndex((arg) => !arg.startsWith('-'));
    return at === -1 ? read('xargs echo') : judge(args.slice(at));
  },
  watch: (args, judge) => {
    const at = args.findIndex(
      (arg, i) => !arg.startsWith('-') && !['-n', '--interval'].includes(args[i - 1] ?? ''),
    );
    return at === -1 ? read('watch') : judge(args.slice(at));
  },
  journalctl: (args) =>
    args.some((arg) => /^--(vacuum|rotate|flush|sync|relinquish)/.test(arg))
      ? change('journalctl maintenance')
      : read('journalctl'),
  dmesg: (args) =>
    hasFlag(args, ['-c', '-C', '--clear', '--read-clear']) ? change('dmesg --clear') : read('dmesg'),
  env: (args, judge) => {
    const at = args.findIndex((arg) => !arg.startsWith('-') && !arg.includes('='));
    return at === -1 ? sensitive('env (prints the environment)') : judge(args.slice(at));
  },
  printenv: () => sensitive('printenv (prints the environment)'),
  set: (args) => (args.length === 0 ? sensitive('set (prints every variable)') : read('set (shell option)')),
  export: (args) =>
    args.length === 0 || args[0] === '-p' ? sensitive('export (prints every variable)') : read('export'),
  declare: (args) =>
    args.some((arg) => !arg.startsWith('-')) ? read('declare') : sensitive('declare (prints every variable)'),
  systemctl: (args) => {
    const verb = args.find((arg) => !arg.startsWith('-')) ?? 'list-units';
    return SERVICE_READ.has(verb) ? read(`systemctl ${verb}`) : change(`systemctl ${verb}`);
  },
  service: (args) =>
    args[1] === 'status' ? read('service status') : change(`service ${args[1] ?? ''}`.trim()),
  ip: (args) =>
    args.some((arg) => ['add', 'del', 'delete', 'set', 'flush', 'change', 'replace'].includes(arg))
      ? change('ip (configures)')
      : read('ip'),
  git: (args) => {
    const verb = args.find((arg) => !arg.startsWith('-')) ?? '';
    return ['status', 'log', 'diff', 'show', 'rev-parse', 'describe', 'branch', 'remote'].includes(verb) &&
      args.length < 4
      ? read(`git ${verb}`)
      : change(`git ${verb}`.trim());
  },
  kubectl: (args, judge) => {
    const verb = args.find((arg) => !arg.startsWith('-')) ?? '';
    if (verb === 'exec') {
      const dash = args.indexOf('--');
      return dash === -1 ? unrecognised('kubectl exec without --') : judge(args.slice(dash + 1));
    }
    if (['get', 'describe'].includes(verb) && args.some((arg) => /^secrets?$|^secret\//.test(arg)))
      return sensitive('kubectl get secret');
    if (['get', 'describe', 'logs', 'top', 'version', 'explain', 'api-resources', 'events'].includes(verb))
      return read(`kubectl ${verb}`);
    if (verb === 'rollout' && ['status', 'history'].includes(args[args.indexOf('rollout') + 1] ?? ''))
      return read('kubectl rollout status');
    return change(`kubectl ${verb}`.trim());
  },
  docker: judgeDocker,
  'docker-compose': judgeCompose,
  curl: judgeCurl,
  wget: judgeWget,
  'redis-cli': judgeRedisCli,
  psql: judgePsql,
  mysql: judgeMysql,
  sqlite3: (args) => {
    const sql = args.filter((arg) => !arg.startsWith('-'))[1];
    return sql === undefined ? unrecognised('sqlite3 with SQL from stdin') : judgeSql(sql, 'sqlite3');
  },
  prisma: judgePrisma,
};
