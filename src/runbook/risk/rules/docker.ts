import { hasOption, type OptionSpec, optionValues } from '../option-parser.ts';
import { change, type RiskVerdict, read, sensitive, unrecognised, within } from '../risk-verdict.ts';
import type { RiskRule, RuleContext } from '../rule-types.ts';
import type { ShellWord } from '../shell-word.ts';
import { NO_STDIN } from '../stdin.ts';
import { words } from '../words.ts';
import { own, withOptions } from './rule-helpers.ts';

const DOCKER_GLOBAL: OptionSpec = {
  flags: '-D --debug --tls --tlsverify',
  values: '-H --host --context -c --config -l --log-level --tlscacert --tlscert --tlskey',
  stopAtOperand: true,
};
const COMPOSE_GLOBAL: OptionSpec = {
  flags: '--compatibility --dry-run --all-resources',
  values: '-f --file -p --project-name --env-file --profile --project-directory --ansi --progress --parallel',
  stopAtOperand: true,
};

const FORMAT = '--format';
/** The read subcommands of `docker` and their options. */
const DOCKER_READS: Record<string, OptionSpec> = {
  ps: {
    flags: '-a -q -s -l --all --quiet --size --latest --no-trunc',
    values: `-f -n --filter --last ${FORMAT}`,
  },
  logs: { flags: '-f -t --follow --timestamps --details', values: '-n --tail --since --until' },
  stats: { flags: '-a --all --no-stream --no-trunc', values: FORMAT },
  top: {},
  images: { flags: '-a -q --all --quiet --digests --no-trunc', values: `-f --filter ${FORMAT}` },
  version: { values: `-f ${FORMAT}` },
  info: { values: `-f ${FORMAT}` },
  port: {},
  events: { values: `--since --until -f --filter ${FORMAT}` },
  diff: {},
  history: { flags: '-H -q --human --quiet --no-trunc', values: FORMAT },
  ls: {
    flags: '-a -q -s -l --all --quiet --size --latest --no-trunc',
    values: `-f -n --filter --last ${FORMAT}`,
  },
  list: { flags: '-a -q --all --quiet --no-trunc', values: `-f --filter ${FORMAT}` },
  df: { flags: '-v --verbose', values: FORMAT },
};
const DOCKER_OBJECTS = new Set(
  words('container image network volume system builder context node service plugin secret config'),
);

const COMPOSE_READS: Record<string, OptionSpec> = {
  ps: { flags: '-a -q --all --quiet --services --no-trunc --orphans', values: `--filter --status ${FORMAT}` },
  logs: {
    flags: '-f -t --follow --timestamps --no-color --no-log-prefix',
    values: '-n --tail --since --until --index',
  },
  config: {
    flags: `-q --quiet --services --volumes --images --profiles --networks --resolve-image-digests
      --no-interpolate --no-normalize --no-consistency --no-path-resolution --environment --variables`,
    values: `${FORMAT} --hash`,
  },
  top: {},
  images: { flags: '-q --quiet', values: FORMAT },
  ls: { flags: '-a -q --all --quiet', values: `${FORMAT} --filter` },
  version: { flags: '--short', values: `-f ${FORMAT}` },
  port: { values: '--index --protocol' },
  events: { flags: '--json' },
  stats: { flags: '-a --all --no-stream --no-trunc', values: FORMAT },
};

const EXEC_SPEC: OptionSpec = {
  flags: '-d -i -t -T --detach --interactive --tty --no-TTY --privileged',
  values: '-e --env --env-file -u --user -w --workdir --detach-keys --index',
  stopAtOperand: true,
};

/** `exec [opts] TARGET CMD…`: what runs inside decides. */
function judgeExec(
  args: ShellWord[],
  context: RuleContext,
  label: string,
  passesStdin: boolean,
): RiskVerdict {
  return withOptions(EXEC_SPEC, ({ options, operands, rest }) => {
    const target = operands[0];
    if (!target || rest.length === 0) return unrecognised(`${label} without a command`);
    const stdin = passesStdin || hasOption(options, '-i', '--interactive') ? context.stdin : NO_STDIN;
    return within(`${label} ${target.text}`, context.judgeWords(rest, stdin));
  })(args, context);
}

/** docker inspect prints the environment (secrets) unless a format picks other fields. */
const inspect = withOptions({ flags: '-s --size', values: `-f --type ${FORMAT}` }, ({ options }) => {
  const format = optionValues(options, '-f', FORMAT)[0];
  if (!format?.isStatic || /Env|Config\b|json \./.test(format.text))
    return sensitive('docker inspect (prints the environment)');
  return read('docker inspect --format');
});

function judgeCompose(args: ShellWord[], context: RuleContext, label: string): RiskVerdict {
  return withOptions(COMPOSE_GLOBAL, ({ operands, rest }) => {
    const sub = operands[0];
    if (!sub) return unrecognised(label);
    if (!sub.isStatic) return change(`${label} ${sub.text} (known only at run time)`);
    if (sub.text === 'exec') return judgeExec(rest, context, `${label} exec`, true);
    const spec = own(COMPOSE_READS, sub.text);
    if (!spec) return change(`${label} ${sub.text}`);
    return withOptions(spec, () => read(`${label} ${sub.text}`))(rest, context);
  })(args, context);
}

const docker: RiskRule = (args, context) =>
  withOptions(DOCKER_GLOBAL, ({ operands, rest }) => {
    const sub = operands[0];
    if (!sub) return unrecognised('docker');
    if (!sub.isStatic) return change(`docker ${sub.text} (known only at run time)`);
    if (sub.text === 'compose') return judgeCompose(rest, context, 'docker compose');
    let verb = sub.text;
    let verbArgs = rest;
    let label = `docker ${verb}`;
    if (DOCKER_OBJECTS.has(sub.text)) {
      const second = rest[0];
      if (!second?.isStatic) return change(`docker ${sub.text} ${second?.text ?? ''}`.trim());
      verb = second.text;
      verbArgs = rest.slice(1);
      label = `docker ${sub.text} ${verb}`;
    }
    if (verb === 'exec') return judgeExec(verbArgs, context, label, false);
    if (verb === 'inspect') return inspect(verbArgs, context);
    const spec = own(DOCKER_READS, verb);
    if (!spec) return change(label);
    return withOptions(spec, () => read(label))(verbArgs, context);
  })(args, context);

export const DOCKER_RULES: Record<string, RiskRule> = {
  docker,
  podman: docker,
  'docker-compose': (args, context) => judgeCompose(args, context, 'docker-compose'),
};
