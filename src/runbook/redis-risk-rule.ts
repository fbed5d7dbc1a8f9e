import { change, type RiskVerdict, read, sensitive, unrecognised } from './risk-verdict.ts';
import { firstPositional } from './skip-options.ts';
import { words } from './words.ts';

const WITH_VALUE = new Set(
  words(`
  -h -p -a -n -u -s -r -i --user --pass --cacert --cert --key --sni
`),
);
const READ_COMMANDS = new Set(
  words(`
  ping info get mget exists ttl pttl type keys scan dbsize llen lrange lindex hget hmget hgetall
  hlen hkeys hvals hexists smembers sismember scard zrange zrangebyscore zcard zscore strlen time
  lastsave role echo xlen xinfo xrange getrange memory latency randomkey dump
`),
);
const READ_PAIRS = new Set([
  'client list',
  'client info',
  'slowlog get',
  'slowlog len',
  'cluster info',
  'cluster nodes',
]);
const READ_MODES = new Set(
  words(`
  --latency --latency-history --stat --bigkeys --memkeys --scan --version -v
`),
);

/** `redis-cli [opts] COMMAND …`: the Redis command decides; anything not known to read is a change. */
export function judgeRedisCli(args: string[]): RiskVerdict {
  if (args.some((arg) => READ_MODES.has(arg))) return read('redis-cli (monitoring mode)');
  const at = firstPositional(args, WITH_VALUE);
  const name = args[at]?.toLowerCase();
  if (!name) return unrecognised('redis-cli without a command (interactive)');
  const pair = `${name} ${args[at + 1]?.toLowerCase() ?? ''}`;
  if (name === 'config' && args[at + 1]?.toLowerCase() === 'get') {
    const key = args[at + 2]?.toLowerCase() ?? '*';
    return /pass|auth|\*/.test(key) ? sensitive(`redis-cli CONFIG GET ${key}`) : read('redis-cli CONFIG GET');
  }
  if (name === 'acl' && ['list', 'getuser'].includes(args[at + 1]?.toLowerCase() ?? '')) {
    return sensitive(`redis-cli ${pair.toUpperCase()}`);
  }
  if (READ_COMMANDS.has(name) || READ_PAIRS.has(pair)) return read(`redis-cli ${name.toUpperCase()}`);
  return change(`redis-cli ${pair.trim().toUpperCase()}`);
}
