import { change, read, sensitive } from '../risk-verdict.ts';
import type { RiskRule } from '../rule-types.ts';
import { words } from '../words.ts';
import { withOptions } from './rule-helpers.ts';

const SYSTEMCTL_READS = new Set(
  words(`
  status is-active is-enabled is-failed show list-units list-unit-files list-timers list-sockets
  list-dependencies list-jobs list-machines list-paths list-automounts cat help get-default
  is-system-running
`),
);

/** systemctl: options skipped; the verb decides (`status`, `show`, `list-*` read; the rest change). */
const systemctl: RiskRule = withOptions(
  {
    flags: `--user --system --global --no-pager -l --full -a --all -q --quiet --no-legend --failed --plain
      -r --recursive --reverse --after --before --show-types --value -P --no-ask-password --with-dependencies
      -i --ignore-inhibitors`,
    values: '-H --host -M --machine -t --type --state -p --property -n --lines -o --output',
  },
  ({ operands }) => {
    const verb = operands[0];
    if (!verb) return read('systemctl list-units');
    if (!verb.isStatic) return change(`systemctl ${verb.text} (verb known only at run time)`);
    if (verb.text === 'show-environment')
      return sensitive('systemctl show-environment (prints the environment)');
    return SYSTEMCTL_READS.has(verb.text) ? read(`systemctl ${verb.text}`) : change(`systemctl ${verb.text}`);
  },
);

/** service NAME status / service --status-all. */
const service: RiskRule = (args) => {
  const [first, second] = args;
  if (first?.isStatic && first.text === '--status-all' && args.length === 1)
    return read('service --status-all');
  if (first?.isStatic && second?.isStatic && second.text === 'status' && args.length === 2)
    return read('service status');
  return change(`service ${args.map((arg) => arg.text).join(' ')}`.trim());
};

/** journalctl: reading options only; `--vacuum-*`, `--rotate`, `--flush`… change the journal. */
const journalctl: RiskRule = withOptions(
  {
    flags: `-f -e -x -r -k -q -a -m -l --follow --pager-end --catalog --reverse --dmesg --quiet --all
      --merge --full --no-pager --no-full --utc --no-hostname --list-boots --disk-usage --system --user
      --header --show-cursor --list-catalog --fields --list-fields --verify --no-tail`,
    values: `-u -n -p -o -t -S -U -g -D -M -F -I -T --unit --user-unit --lines --priority --output --since
      --until --grep --identifier --directory --file --machine --cursor --after-cursor
      --facility --output-fields --case-sensitive --namespace --root --image --field --invocation`,
    optional: '-b --boot',
    numeric: false,
  },
  ({ operands }) => {
    // operands are field matches (`_SYSTEMD_UNIT=x`, `+`) or a program path
    const odd = operands.find((operand) => operand.isStatic && !/^([A-Z0-9_]+=|\+$|\/)/.test(operand.text));
    return odd ? change(`journalctl ${odd.text} (not a field match)`) : read('journalctl');
  },
);

export const SERVICE_RULES: Record<string, RiskRule> = { systemctl, service, journalctl };
