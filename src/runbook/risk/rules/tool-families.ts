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
  /** A verb that reads for any command group (`list`, `describe`, `get-*`). */
  readVerb?: RegExp;
  /**
   * Where the verb sits: `aws` has exactly one service word before the operation (`aws ec2
   * describe-instances`); `gcloud`/`az` have a group path of any depth, the verb last or followed by one
   * resource name.
   */
  verbAt?: 'second' | 'group-path';
  /** Options (after the path) that make any path change (`helm --post-renderer` runs a program). */
  changingOption?: RegExp;
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
    secrets: ['get values', 'get all', 'get manifest'],
    changingOption: /^--post-renderer/,
  },
  gcloud: {
    reads: ['config list', 'info', 'version', 'auth list'],
    readVerb: /^(list|describe|get-iam-policy|get)$/,
    verbAt: 'group-path',
  },
  aws: {
    reads: ['sts get-caller-identity', 's3 ls', '--version'],
    secrets: [
      'secretsmanager get-secret-value',
      'ssm get-parameter',
      'ssm get-parameters',
      'ssm get-parameters-by-path',
      'ecr get-login-password',
      'ecr get-authorization-token',
      'ec2 get-password-data',
      'sts get-session-token',
      'sts get-federation-token',
      'codeartifact get-authorization-token',
      'rds generate-db-auth-token',
    ],
    readVerb: /^(list-|describe-|get-)/,
    verbAt: 'second',
  },
  az: {
    reads: ['account show', 'account list', 'version'],
    secrets: ['keyvault secret show', 'keyvault secret download', 'account get-access-token'],
    readVerb: /^(list|show)$/,
    verbAt: 'group-path',
  },
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
    reads: ['status', 'version', 'secrets list', 'auth list', 'policy list', 'kv list'],
    secrets: ['read', 'kv get', 'policy read', 'token lookup', 'print token'],
  },
  etcdctl: {
    secrets: ['get'],
    reads: ['member list', 'endpoint health', 'endpoint status', 'version', 'alarm list'],
  },
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

/** Verbs that change, seen before a read verb in a gcloud/az group path (`compute instances delete list`). */
const WRITE_VERB =
  /^(create|delete|remove|rm|set|unset|update|add|ssh|scp|deploy|reset|start|stop|restart|run|exec|import|export|copy|cp|move|mv|attach|detach|resize|patch|apply|submit|cancel|enable|disable|activate|login|logout|revoke|purge|rotate|upload|download|sync|invoke|call|connect|tunnel|send|put|post|write|edit|configure|init|install|upgrade|rollback|promote|suspend|resume|scale|drain|cordon)$/;

/** aws flags that take no value (every other `--option` takes one). */
const AWS_FLAGS = new Set(
  `--debug --no-verify-ssl --no-paginate --no-sign-request --no-cli-pager --cli-auto-prompt
  --no-cli-auto-prompt --dry-run --no-dry-run --with-decryption --no-with-decryption --recursive
  --human-readable --summarize --all-regions --include-all-instances`
    .split(/\s+/)
    .filter(Boolean),
);

/** aws: a word after the path that is not an option value is a positional operand (an outfile). */
function awsPositional(args: ShellWord[], from: number): ShellWord | undefined {
  for (let at = from; at < args.length; at++) {
    const arg = args[at] as ShellWord;
    if (!arg.text.startsWith('-')) return arg;
    if (arg.text.includes('=') || AWS_FLAGS.has(arg.text)) continue;
    at++; // the option's value
  }
  return undefined;
}

/** The read verb at its position, or why not. */
function verbReads(family: Family, path: ShellWord[], args: ShellWord[]): boolean {
  const verb = family.readVerb;
  if (!verb) return false;
  if (family.verbAt === 'second') {
    if (path.length !== 2 || !verb.test(path[1]?.text ?? '')) return false;
    return awsPositional(args, 2) === undefined;
  }
  if (family.verbAt === 'group-path') {
    const at = path.findIndex((word, index) => index > 0 && verb.test(word.text));
    if (at === -1 || at < path.length - 2) return false;
    return !path.slice(0, at).some((word) => WRITE_VERB.test(word.text));
  }
  return false;
}

function familyRule(family: Family): RiskRule {
  return (args, { program }) => {
    const path: ShellWord[] = [];
    for (const arg of args) {
      if (arg.mayBeOption) return change(`${program} ${arg.text} (an unquoted expansion could add options)`);
      if (arg.isStatic && OUTPUT_FILE_OPTION.test(arg.text))
        return change(`${program} ${arg.text} (writes a file)`);
      if (family.changingOption?.test(arg.text)) return change(`${program} ${arg.text} (runs a program)`);
    }
    for (const arg of args) {
      if (!arg.isStatic || arg.text.startsWith('-')) break;
      path.push(arg);
    }
    const text = path.map((word) => word.text).join(' ');
    const starts = (prefix: string) => text === prefix || text.startsWith(`${prefix} `);
    if (family.secrets?.some(starts)) return sensitive(`${program} ${text} (prints secrets)`);
    if (family.reads.some(starts)) return read(`${program} ${text}`);
    if (verbReads(family, path, args)) return read(`${program} ${text}`);
    return change(`${program} ${text}`.trim());
  };
}

export const TOOL_FAMILY_RULES: Record<string, RiskRule> = Object.fromEntries(
  Object.entries(FAMILIES).map(([name, family]) => [name, familyRule(family)]),
);
