import { hasOption, type OptionSpec, optionValues } from '../option-parser.ts';
import { change, read, sensitive, unrecognised, within } from '../risk-verdict.ts';
import type { RiskRule } from '../rule-types.ts';
import type { ShellWord } from '../shell-word.ts';
import { NO_STDIN } from '../stdin.ts';
import { words } from '../words.ts';
import { own, withOptions } from './rule-helpers.ts';

const GLOBAL_FLAGS = `--insecure-skip-tls-verify --match-server-version --warnings-as-errors
  --disable-compression --log-flush-frequency`;
const GLOBAL_VALUES = `-n --namespace --context --kubeconfig --cluster --user -s --server --as --as-group
  --as-uid --token --request-timeout -v --v --certificate-authority --client-certificate --client-key
  --tls-server-name --cache-dir --vmodule`;

/** The options of the read verbs (get, describe, logs, top, …) plus the global ones. */
const READ_SPEC: OptionSpec = {
  flags: `${GLOBAL_FLAGS} -A --all-namespaces -w --watch --watch-only --show-labels --no-headers
    --ignore-not-found --output-watch-events --show-kind --server-print -R --recursive -f --follow -p
    --previous --timestamps --all-containers --prefix --ignore-errors --containers --use-protocol-buffers
    --sum --namespaced --cached --client --short --list --show-events --minify --flatten
    --show-managed-fields --insecure-skip-tls-verify-backend --no-trunc`,
  values: `${GLOBAL_VALUES} -o --output -l --selector --sort-by --field-selector -L --label-columns
    --chunk-size --template --filename -k --kustomize --subresource --tail --since --since-time -c --container
    --max-log-requests --limit-bytes --pod-running-timeout --api-version --verbs --api-group --for --types
    --timeout -r --revision --output-directory --allow-missing-template-keys`,
  optional: '--raw',
};

const EXEC_SPEC: OptionSpec = {
  flags: `${GLOBAL_FLAGS} -i -t --stdin --tty -q --quiet`,
  values: `${GLOBAL_VALUES} -c --container --pod-running-timeout -f --filename`,
  stopAtOperand: false,
};

const READ_VERBS = new Set(
  words(`
  get describe logs top explain api-resources api-versions version cluster-info events
`),
);
/** Verbs with a second word: only these pairs read. */
const READ_PAIRS: Record<string, string[]> = {
  rollout: ['status', 'history'],
  auth: ['can-i', 'whoami'],
  config: ['view', 'get-contexts', 'current-context', 'get-clusters', 'get-users'],
};

/**
 * The resource-type operand (`secret`, `pods,secrets`, `secret/x`, `secrets.v1`) names secrets, or
 * is only known at run time. Later operands are names of that type: they cannot change the type.
 */
const mentionsSecret = (operand: ShellWord, index: number) =>
  (index === 0 && !operand.isStatic) ||
  operand.text.split(',').some((part) => /^secrets?(\.[^/]*)?(\/.*)?$/i.test(part));

/** kubectl/oc: global flags anywhere, the verb decides; `exec` is judged by what it runs. */
const kubectl: RiskRule = (args, context) => {
  const { program } = context;
  // find the verb: the first operand, skipping global options and their values
  const globals = withOptions({ flags: GLOBAL_FLAGS, values: GLOBAL_VALUES, stopAtOperand: true }, () =>
    read(''),
  );
  const before = globals(args, context);
  if (before.risk !== 'read') return before;
  let at = 0;
  const valueOptions = new Set(words(GLOBAL_VALUES));
  while (at < args.length && (args[at] as ShellWord).prefix.startsWith('-')) {
    const text = (args[at] as ShellWord).text;
    at += valueOptions.has(text) ? 2 : 1;
  }
  const verb = args[at];
  if (!verb) return unrecognised(`${program} without a command`);
  if (!verb.isStatic) return change(`${program} ${verb.text} (verb known only at run time)`);
  const rest = [...args.slice(0, at), ...args.slice(at + 1)];
  const credential = args.some((arg) => arg.prefix === '--token' || arg.prefix.startsWith('--token='));
  if (verb.text === 'exec') return judgeExec(rest, context);
  const pair = own(READ_PAIRS, verb.text);
  const parsed = withOptions(READ_SPEC, ({ operands, options }) => {
    if (pair) {
      const second = operands[0];
      if (!second?.isStatic || !pair.includes(second.text))
        return change(`${program} ${verb.text} ${second?.text ?? ''}`.trim());
      if (verb.text === 'config' && hasOption(options, '--raw', '--flatten'))
        return sensitive(`${program} config view --raw (prints credentials)`);
      return read(`${program} ${verb.text} ${second.text}`);
    }
    if (!READ_VERBS.has(verb.text)) return change(`${program} ${verb.text}`);
    if (
      verb.text === 'cluster-info' &&
      operands[0]?.text === 'dump' &&
      optionValues(options, '--output-directory').length > 0
    )
      return change(`${program} cluster-info dump --output-directory (writes files)`);
    const raw = hasOption(options, '--raw') ? [...optionValues(options, '--raw'), ...operands] : [];
    if (raw.some((path) => !path.isStatic || /secret/i.test(path.text)))
      return sensitive(`${program} ${verb.text} --raw (may print secrets)`);
    if ((verb.text === 'get' || verb.text === 'describe') && operands.some(mentionsSecret))
      return sensitive(`${program} ${verb.text} secret (prints secrets)`);
    return read(`${program} ${verb.text}`);
  });
  const verdict = parsed(rest, context);
  if (verdict.risk === 'read' && credential)
    return sensitive(`${program} --token (a credential on the command line)`);
  return verdict;
};

function judgeExec(args: ShellWord[], context: Parameters<RiskRule>[1]) {
  const dash = args.findIndex((arg) => arg.isStatic && arg.text === '--');
  if (dash === -1) return change(`${context.program} exec without -- (the command cannot be told apart)`);
  return withOptions(EXEC_SPEC, ({ options, operands }) => {
    const target = operands[0]?.text ?? '';
    const stdin = hasOption(options, '-i', '--stdin') ? context.stdin : NO_STDIN;
    const inner = args.slice(dash + 1);
    if (inner.length === 0) return change(`${context.program} exec without a command`);
    return within(`${context.program} exec ${target}`.trim(), context.judgeWords(inner, stdin));
  })(args.slice(0, dash), context);
}

export const KUBECTL_RULES: Record<string, RiskRule> = { kubectl, oc: kubectl };
