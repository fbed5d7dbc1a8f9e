import { change, type JudgeWords, type RiskVerdict, read, sensitive, unrecognised } from './risk-verdict.ts';
import { firstPositional } from './skip-options.ts';
import { words } from './words.ts';

const COMPOSE_GLOBAL_WITH_VALUE = new Set(
  words(`
  -f --file -p --project-name --env-file --profile --project-directory --ansi --progress
  --parallel
`),
);
const EXEC_WITH_VALUE = new Set(['-e', '--env', '-u', '--user', '-w', '--workdir', '--index', '--env-file']);
const COMPOSE_READ = new Set(
  words(`
  ps logs top config images ls version port events stats
`),
);
const COMPOSE_CHANGE = new Set(
  words(`
  restart up down rm kill stop start pause unpause pull build create push scale cp run watch
`),
);
const DOCKER_READ = new Set(
  words(`
  ps logs stats top images version info port events diff history
`),
);
const DOCKER_CHANGE = new Set(
  words(`
  rm rmi kill stop start restart run pull push build create cp pause unpause update rename commit
  load import tag login logout
`),
);
const OBJECT_READ = new Set(
  words(`
  ls list inspect df info events logs top stats history
`),
);
const OBJECT_CHANGE = new Set(
  words(`
  prune rm remove create connect disconnect kill stop start restart update pull push scale
  rollback use
`),
);
const DOCKER_OBJECTS = new Set(
  words(`
  container image network volume system builder context node service
`),
);

/** `exec [opts] TARGET CMD…` -> the verdict of CMD (what runs inside decides the risk). */
function judgeExec(args: string[], judge: JudgeWords, label: string): RiskVerdict {
  const targetAt = firstPositional(args, EXEC_WITH_VALUE);
  const target = args[targetAt];
  const inner = args.slice(targetAt + 1);
  if (!target || inner.length === 0) return unrecognised(`${label} without a command`);
  const verdict = judge(inner);
  return { ...verdict, reason: `${label} ${target}: ${verdict.reason}` };
}

function judgeInspect(args: string[]): RiskVerdict {
  const formatAt = args.findIndex((arg) => arg === '-f' || arg === '--format' || arg.startsWith('--format='));
  const flag = args[formatAt] ?? '';
  const format = flag.includes('=') ? flag : (args[formatAt + 1] ?? '');
  if (formatAt === -1 || /Env|Config\b|json \./.test(format))
    return sensitive('docker inspect (prints the environment)');
  return read('docker inspect --format');
}

/** `docker compose …` and `docker-compose …`: judged by the subcommand; `exec` by what it runs. */
export function judgeCompose(args: string[], judge: JudgeWords): RiskVerdict {
  const at = firstPositional(args, COMPOSE_GLOBAL_WITH_VALUE);
  const sub = args[at];
  if (!sub) return unrecognised('docker compose');
  if (sub === 'exec') return judgeExec(args.slice(at + 1), judge, 'docker compose exec');
  if (COMPOSE_READ.has(sub)) return read(`docker compose ${sub}`);
  if (COMPOSE_CHANGE.has(sub)) return change(`docker compose ${sub}`);
  return unrecognised(`docker compose ${sub}`);
}

export function judgeDocker(args: string[], judge: JudgeWords): RiskVerdict {
  const at = firstPositional(
    args,
    new Set(['-H', '--host', '--context', '--config', '-c', '-l', '--log-level']),
  );
  const sub = args[at] ?? '';
  const rest = args.slice(at + 1);
  if (sub === 'compose') return judgeCompose(rest, judge);
  if (sub === 'exec') return judgeExec(rest, judge, 'docker exec');
  if (sub === 'inspect') return judgeInspect(rest);
  if (DOCKER_READ.has(sub)) return read(`docker ${sub}`);
  if (DOCKER_CHANGE.has(sub)) return change(`docker ${sub}`);
  if (DOCKER_OBJECTS.has(sub)) {
    const verb = rest[firstPositional(rest, new Set())] ?? '';
    if (verb === 'exec') return judgeExec(rest.slice(1), judge, `docker ${sub} exec`);
    if (verb === 'inspect') return judgeInspect(rest.slice(1));
    if (OBJECT_READ.has(verb)) return read(`docker ${sub} ${verb}`);
    if (OBJECT_CHANGE.has(verb)) return change(`docker ${sub} ${verb}`);
  }
  return unrecognised(`docker ${sub}`.trim());
}
