import { hasOption, type OptionSpec } from '../option-parser.ts';
import { change, type RiskVerdict, read, sensitive } from '../risk-verdict.ts';
import type { RiskRule } from '../rule-types.ts';
import { words } from '../words.ts';
import { withOptions } from './rule-helpers.ts';

const READ_COMMANDS = new Set(
  words(`
  ping info get mget exists ttl pttl expiretime pexpiretime type keys scan dbsize llen lrange lindex lpos
  hget hmget hgetall hlen hkeys hvals hexists hstrlen hscan hrandfield smembers sismember smismember
  scard srandmember sscan sunion sinter sdiff sintercard zrange zrangebyscore zrangebylex zrevrange
  zrevrangebyscore zrevrangebylex zcard zscore zmscore zrank zrevrank zcount zlexcount zscan
  zrandmember zunion zinter zdiff strlen getrange getbit bitcount bitpos time lastsave role echo xlen
  xrange xrevrange xpending dump randomkey touch object pfcount geopos geodist geohash geosearch
  georadius_ro georadiusbymember_ro sort_ro lcs substr command readonly
`),
);
const READ_PAIRS = new Set([
  'client list',
  'client info',
  'client getname',
  'client id',
  'slowlog get',
  'slowlog len',
  'cluster info',
  'cluster nodes',
  'cluster slots',
  'cluster shards',
  'cluster myid',
  'cluster keyslot',
  'cluster countkeysinslot',
  'cluster getkeysinslot',
  'memory usage',
  'memory stats',
  'memory doctor',
  'latency latest',
  'latency history',
  'latency doctor',
  'xinfo stream',
  'xinfo groups',
  'xinfo consumers',
  'script exists',
  'function list',
  'function stats',
  'pubsub channels',
  'pubsub numsub',
  'pubsub numpat',
  'config help',
  'module list',
]);

/** One Redis command (as words) -> read only when it is known to only read. */
export function judgeRedisCommand(command: string[], label: string): RiskVerdict {
  const [first = '', second = '', third = ''] = command.map((word) => word.toLowerCase());
  const pair = `${first} ${second}`;
  if (first === 'config' && second === 'get')
    return /pass|auth|\*|user|tls/.test(third || '*')
      ? sensitive(`${label} CONFIG GET ${third}`)
      : read(`${label} CONFIG GET`);
  if (first === 'acl' && ['list', 'getuser', 'cat', 'whoami'].includes(second))
    return sensitive(`${label} ACL ${second.toUpperCase()}`);
  if (first === 'monitor') return sensitive(`${label} MONITOR (prints every command, passwords too)`);
  if (READ_COMMANDS.has(first) || READ_PAIRS.has(pair)) return read(`${label} ${first.toUpperCase()}`);
  return change(`${label} ${(READ_PAIRS.has(pair) ? pair : first).toUpperCase() || 'with no command'}`);
}

/** Splits the text redis-cli reads on stdin into commands (one a line, quotes kept together). */
export function redisCommandsOf(text: string): string[][] {
  return text
    .split('\n')
    .map((line) =>
      (line.match(/"(?:[^"\\]|\\.)*"|'[^']*'|\S+/g) ?? []).map((word) => word.replace(/^["']|["']$/g, '')),
    )
    .filter((words) => words.length > 0);
}

const REDIS_CLI: OptionSpec = {
  flags: `--tls --insecure --no-auth-warning --raw --no-raw -c -e --verbose --askpass -2 -3 --resp2 --resp3
    --csv --json --quoted-json --bigkeys --memkeys --hotkeys --stat --latency --latency-history
    --latency-dist --scan --version -v --quoted-input --show-pushes`,
  values: `-h -p -a -n -u -s -r -i -d -D --user --pass --cacert --cacertdir --cert --key --sni
    --tls-ciphers --tls-ciphersuites --pattern --count --quoted-pattern --intrinsic-latency
    --memkeys-samples --keystats-samples`,
  stopAtOperand: true,
};
const MODES = [
  '--bigkeys',
  '--memkeys',
  '--hotkeys',
  '--stat',
  '--latency',
  '--latency-history',
  '--latency-dist',
  '--scan',
  '--version',
  '-v',
  '--intrinsic-latency',
];

/** redis-cli [connection options] COMMAND… — or commands on stdin; `--eval`, `--pipe`, `-x` change. */
const redisCli: RiskRule = withOptions(REDIS_CLI, ({ options, operands, rest }, { stdin }) => {
  const command = [...operands, ...rest];
  if (command.length === 0 && hasOption(options, ...MODES)) return read('redis-cli (monitoring mode)');
  if (command.length > 0) {
    if (!command.every((word) => word.isStatic) && !command[0]?.isStatic)
      return change(`redis-cli ${command[0]?.text} (command known only at run time)`);
    if (command.some((word) => word.mayBeOption))
      return change('redis-cli with words known only at run time');
    return judgeRedisCommand(
      command.map((word) => word.text),
      'redis-cli',
    );
  }
  if (stdin.kind === 'text') {
    const verdicts = redisCommandsOf(stdin.text).map((line) => judgeRedisCommand(line, 'redis-cli (stdin)'));
    return (
      verdicts.find((verdict) => verdict.risk === 'change') ??
      verdicts.find((verdict) => verdict.risk === 'sensitive') ??
      read('redis-cli (stdin)')
    );
  }
  return change(`redis-cli reading commands from ${stdin.kind === 'stream' ? stdin.origin : 'stdin'}`);
});

export const REDIS_RULES: Record<string, RiskRule> = {
  'redis-cli': redisCli,
  'valkey-cli': redisCli,
  'keydb-cli': redisCli,
};
