import { change, type RiskVerdict, read, unrecognised } from './risk-verdict.ts';

const READ_STATEMENT = /^\s*(select|show|explain|with|values|table|\\[dlz]\S*|\\conninfo|\\timing)\b/i;
const WRITE_WORD =
  /\b(insert|update|delete|drop|alter|create|truncate|grant|revoke|vacuum|reindex|copy|merge|call|do|lock|cluster|refresh|comment|set|reset|into|nextval|setval|pg_terminate_backend|pg_cancel_backend)\b/i;

/** SQL text -> read only when every statement is a query with no write keyword. */
export function judgeSql(sql: string, label: string): RiskVerdict {
  const statements = sql
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (statements.length === 0) return unrecognised(`${label} with no SQL`);
  for (const statement of statements) {
    if (!READ_STATEMENT.test(statement) || WRITE_WORD.test(statement)) {
      return change(`${label}: ${statement.slice(0, 40)}`);
    }
  }
  return read(`${label} query`);
}

/** `psql … -c "SQL"`; with SQL from stdin or a file the risk cannot be decided (change, unrecognised). */
export function judgePsql(args: string[]): RiskVerdict {
  if (args.includes('-l') || args.includes('--list') || args.includes('--version'))
    return read('psql --list');
  // psql runs every `-c` in turn: judge them all, not only the first
  const sql = args.flatMap((arg, i) => {
    if (arg === '-c' || arg === '--command') return args[i + 1] === undefined ? [] : [args[i + 1] as string];
    return arg.startsWith('--command=') ? [arg.slice('--command='.length)] : [];
  });
  if (sql.length === 0) return unrecognised('psql with SQL from stdin or a file');
  return judgeSql(sql.join(';'), 'psql');
}

/** `mysql … -e "SQL"`. */
export function judgeMysql(args: string[]): RiskVerdict {
  // with several `-e` mysql runs the last one: judge them all
  const sql = args.flatMap((arg, i) =>
    (arg === '-e' || arg === '--execute') && args[i + 1] !== undefined ? [args[i + 1] as string] : [],
  );
  return sql.length === 0
    ? unrecognised('mysql with SQL from stdin or a file')
    : judgeSql(sql.join(';'), 'mysql');
}

/** `prisma …`: status/validate read; `db execute` depends on SQL; the rest migrates data. */
export function judgePrisma(args: string[]): RiskVerdict {
  const [first = '', second = ''] = args.filter((arg) => !arg.startsWith('-'));
  if (args.includes('--version') || args.includes('-v') || first === 'version') return read('prisma version');
  if (first === 'validate' || (first === 'format' && args.includes('--check')))
    return read(`prisma ${first}`);
  if (first === 'migrate' && second === 'status') return read('prisma migrate status');
  if (first === 'db' && second === 'execute')
    return unrecognised('prisma db execute (SQL not in the runbook)');
  if (['migrate', 'db', 'generate'].includes(first)) return change(`prisma ${first} ${second}`.trim());
  return unrecognised(`prisma ${first}`.trim());
}
