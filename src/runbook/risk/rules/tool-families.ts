import { change, read, sensitive } from '../risk-verdict.ts';
import type { RiskRule } from '../rule-types.ts';
import type { ShellWord } from '../shell-word.ts';

/**
 * CLIs of tool families real runbooks use, as data: the command path (words before the options)
 * decides. `reads` are paths that only print; `secrets` print secrets. Options after the path must
 * be static and must not name an output file.
 */
interface Family {
  reads: string[];
  secrets?: string[];
  /** A last word that reads for any path (`list`, `describe`, `get-*`). */
  readVerb?: RegExp;
}

const FAMILIES: Record<string, Family> = {
  helm: {
    reads: [
      'list',
      'ls',
      'status',
      'history',
      'version',
      'show',
      'get',
      'search',
      'repo list',
      'plugin list',
      'dependency list',
      'lint',
      'template',
      'env',
    ],
    secrets: ['get values'],
  },
  gcloud: {
    reads: ['config list', 'info', 'version', 'auth list'],
    readVerb: /^(list|describe|get-iam-policy|get)$/,
  },
  aws: {
    reads: ['sts get-caller-identity', 's3 ls', '--version'],
    secrets: ['secretsmanager get-secret-value', 'ssm get-parameter', 'ssm get-parameters'],
    readVerb: /^(list-|describe-|get-)/,
  },
  az: { reads: ['account show', 'account list', 'version'], readVerb: /^(list|show)$/ },
  consul: {
    reads: [
      'members',
      'catalog services',
      'catalog nodes',
      'catalog datacenters',
      'info',
      'version',
      'operator raft list-peers',
      'kv get',
    ],
  },
  vault: {
    reads: ['status', 'version', 'secrets list', 'auth list', 'policy list', 'kv list', 'token lookup'],
    secrets: ['read', 'kv get', 'policy read'],
  },
  etcdctl: { reads: ['get', 'member list', 'endpoint health', 'endpoint status', 'version', 'alarm list'] },
  ceph: {
    reads: [
      'status',
      '-s',
      'health',
      'df',
      'osd tree',
      'osd df',
      'osd stat',
      'osd ls',
      'pg stat',
      'mon stat',
      'versions',
      'version',
    ],
  },
  rbd: { reads: ['ls', 'list', 'info', 'status', 'du', 'showmapped'] },
};

const OUTPUT_FILE_OPTION =
  /^--?(output-file|outfile|out-file|output-dir|output-document|dump|to-file|file)(=|$)/;

function familyRule(family: Family): RiskRule {
  return (args, { program }) => {
    const path: ShellWord[] = [];
    for (const arg of args) {
      if (arg.mayBeOption) return change(`${program} ${arg.text} (an unquoted expansion could add options)`);
      if (arg.isStatic && OUTPUT_FILE_OPTION.test(arg.text))
        return change(`${program} ${arg.text} (writes a file)`);
    }
    for (const arg of args) {
      if (!arg.isStatic || arg.text.startsWith('-')) break;
      path.push(arg);
    }
    const text = path.map((word) => word.text).join(' ');
    const starts = (prefix: string) => text === prefix || text.startsWith(`${prefix} `);
    if (family.secrets?.some(starts)) return sensitive(`${program} ${text} (prints secrets)`);
    if (family.reads.some(starts)) return read(`${program} ${text}`);
    const last = path.at(-1)?.text ?? '';
    if (
      family.readVerb &&
      path.length >= 2 &&
      path.slice(1).some((word) => family.readVerb?.test(word.text)) &&
      last !== ''
    )
      return read(`${program} ${text}`);
    return change(`${program} ${text}`.trim());
  };
}

export const TOOL_FAMILY_RULES: Record<string, RiskRule> = Object.fromEntries(
  Object.entries(FAMILIES).map(([name, family]) => [name, familyRule(family)]),
);
