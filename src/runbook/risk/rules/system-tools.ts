import { hasOption } from '../option-parser.ts';
import { change, read, sensitive } from '../risk-verdict.ts';
import type { RiskRule } from '../rule-types.ts';
import { staticTexts, withOptions } from './rule-helpers.ts';

/** date prints; `-s`/`--set` or an `MMDDhhmm` operand sets the clock. */
const date = withOptions(
  {
    flags: '-u --utc --universal -R --rfc-email --debug',
    values: '-d --date -r --reference -f --file --rfc-3339',
    optional: '-I --iso-8601',
  },
  ({ operands }) => {
    const setter = operands.find((operand) => !operand.prefix.startsWith('+'));
    return setter ? change(`date ${setter.text} (sets the clock)`) : read('date');
  },
);

/** hostname prints; with a name (or -F/-b) it sets the host name. */
const hostname = withOptions(
  {
    flags: `-f -s -i -I -d -a -A -y --fqdn --long --short --ip-address --all-ip-addresses --domain
      --alias --all-fqdns --yp --nis`,
  },
  ({ operands }) =>
    operands.length === 0 ? read('hostname') : change(`hostname ${operands[0]?.text} (sets the host name)`),
);

/** ss lists sockets; `-K`/`--kill` closes them, `-D` writes a file. */
const ss = withOptions(
  {
    flags: `-t -u -l -n -p -a -s -x -w -4 -6 -r -e -m -o -i -H -O -Z -z -M -S -0 -b --tcp --udp --listening
      --numeric --processes --all --summary --extended --memory --options --info --no-header --oneline
      --resolve --unix --raw --ipv4 --ipv6 --sctp --dccp --packet --vsock --threads --cgroup`,
    values: '-f -A -N --family --query --socket --net',
  },
  () => read('ss'),
);

const IP_OBJECTS = new Map<string, string>([
  ['a', 'address'],
  ['addr', 'address'],
  ['address', 'address'],
  ['r', 'route'],
  ['ro', 'route'],
  ['route', 'route'],
  ['l', 'link'],
  ['link', 'link'],
  ['n', 'neighbour'],
  ['neigh', 'neighbour'],
  ['neighbor', 'neighbour'],
  ['neighbour', 'neighbour'],
  ['rule', 'rule'],
  ['ru', 'rule'],
  ['netns', 'netns'],
  ['maddr', 'maddress'],
  ['maddress', 'maddress'],
  ['tunnel', 'tunnel'],
  ['mroute', 'mroute'],
  ['ntable', 'ntable'],
  ['tuntap', 'tuntap'],
  ['xfrm', 'xfrm'],
  ['-6', ''],
]);

/** ip OBJECT [show|list|get]: only the forms that print. */
const ip = withOptions(
  {
    flags: `-s -d -4 -6 -c -br -j -p -o -h -r -a -0 -stats -statistics -details -brief -json -pretty
      -color -oneline -human -resolve -iec`,
    values: '-f -family -n -netns',
  },
  ({ operands }) => {
    const texts = staticTexts(operands);
    if (!texts) return change('ip with words known only at run time');
    const [objectName = '', verb = 'show'] = texts;
    const object = IP_OBJECTS.get(objectName);
    if (!object) return change(`ip ${objectName} (not known to be read-only)`);
    const reads = ['show', 'list', 'ls', 'lst', 'sh'];
    if (object === 'route') reads.push('get');
    return reads.includes(verb) ? read(`ip ${object} ${verb}`) : change(`ip ${object} ${verb}`);
  },
);

/** dmesg prints the kernel log; `-c`/`-C` clear it, `-n` sets the console level. */
const dmesg = withOptions(
  {
    flags: `-T -H -k -u -x -w -W -e -t -r -d -J -P -S -L --ctime --human --kernel --userspace --decode
      --follow --follow-new --reltime --notime --raw --show-delta --json --nopager --syslog`,
    values: '-l --level -f --facility --since --until --time-format -s --buffer-size',
    optional: '--color',
  },
  () => read('dmesg'),
);

/** top/htop in batch mode print; given keystrokes on stdin they can kill processes. */
const top: RiskRule = (args, context) =>
  context.stdin.kind === 'none'
    ? withOptions({ flags: '-b -c -H -i -S -1 -E', values: '-n -d -p -u -U -o -w -O -e' }, () =>
        read(context.program),
      )(args, context)
    : change(`${context.program} reading keystrokes from its input`);

/** getent prints databases; `shadow`/`gshadow` hold password hashes. */
const getent: RiskRule = (args) => {
  const database = args.find((arg) => !arg.text.startsWith('-'));
  if (!database?.isStatic || /^g?shadow$/.test(database.text))
    return sensitive(`getent ${database?.text ?? ''} (password hashes)`.trim());
  return read('getent');
};

/** ps lists processes; `e` (BSD) / `-e`-less environment output prints every process's environment. */
const ps: RiskRule = (args) => {
  for (const [index, arg] of args.entries()) {
    if (!arg.isStatic) return sensitive(`ps ${arg.text} (options known only at run time)`);
    const previous = args[index - 1]?.text ?? '';
    // the value of `-o user`, `-C postgres`, `--sort x`
    if (/^(-[oOpCuUgGtqsk]|--[a-z-]+)$/.test(previous)) continue;
    // BSD-style option cluster without a dash: `e` shows the environment (`ps eww`, `ps auxe`)
    if (!arg.text.startsWith('-') && /^[a-zA-Z]+$/.test(arg.text) && arg.text.includes('e'))
      return sensitive(`ps ${arg.text} (prints process environments)`);
  }
  return read('ps');
};

/** ctl tools whose `status`/`show`/`list-*` verbs only print. */
function ctlRule(reads: string[], bareOnly: string[] = []): RiskRule {
  return withOptions(
    {
      flags: '--no-pager -a --all -p --pretty --no-ask-password --value',
      values: '-H --host -M --machine -p --property',
    },
    ({ operands, options }, { program }) => {
      const verb = operands[0];
      if (!verb) return read(`${program} status`);
      if (!verb.isStatic) return change(`${program} ${verb.text} (verb known only at run time)`);
      // `hostnamectl hostname NAME`, `resolvectl dns IF ADDR`: with an operand these verbs set
      if (bareOnly.includes(verb.text) && operands.length > 1)
        return change(`${program} ${verb.text} ${operands[1]?.text} (sets a value)`);
      return reads.includes(verb.text) || verb.text.startsWith('list') || hasOption(options, '--help')
        ? read(`${program} ${verb.text}`)
        : change(`${program} ${verb.text}`);
    },
  );
}

export const SYSTEM_TOOL_RULES: Record<string, RiskRule> = {
  date,
  hostname,
  ss,
  ip,
  dmesg,
  top,
  htop: top,
  timedatectl: ctlRule(
    ['status', 'show', 'timesync-status', 'show-timesync'],
    ['status', 'show', 'timesync-status', 'show-timesync'],
  ),
  hostnamectl: ctlRule(
    ['status', 'hostname', 'icon-name', 'chassis', 'deployment', 'location'],
    ['status', 'hostname', 'icon-name', 'chassis', 'deployment', 'location'],
  ),
  loginctl: ctlRule([
    'show-session',
    'show-user',
    'show-seat',
    'session-status',
    'user-status',
    'seat-status',
  ]),
  networkctl: ctlRule(['status', 'lldp', 'label']),
  resolvectl: ctlRule(['status', 'query', 'statistics', 'dns', 'domain'], ['statistics', 'dns', 'domain']),
  getent,
  ps,
};
