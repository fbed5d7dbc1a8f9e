import { hasOption, optionValues } from '../option-parser.ts';
import { change, combineVerdicts, type RiskVerdict, read, unrecognised } from '../risk-verdict.ts';
import type { RiskRule } from '../rule-types.ts';
import type { ShellWord } from '../shell-word.ts';
import type { Stdin } from '../stdin.ts';
import { words } from '../words.ts';
import { withOptions } from './rule-helpers.ts';
import { judgeSql, type SqlDialect } from './sql-text.ts';

/** psql meta-commands that only print or set display options. */
const PSQL_READ_META = new Set(
  words(`
  l list conninfo x timing a t H pset c connect encoding echo qecho q quit ? h help errverbose set
  unset gx g watch sf sv z crosstabview gset gdesc copyright drds
`),
);

/** psql variable interpolation outside quotes (`:name`, `:'name'`, `:"name"`, `:{?name}`), not `::`. */
function interpolates(text: string): boolean {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === "'" || char === '"' || char === '`') quote = char;
    else if (char === ':') {
      if (text[i + 1] === ':') {
        i++;
        continue;
      }
      if (/^[A-Za-z_'"{]/.test(text[i + 1] ?? '')) return true;
    }
  }
  return false;
}

/** psql text: SQL with backslash meta-commands (`\dt`, `\! cmd`, `\o file`, `\copy … to …`). */
export function judgePsqlText(text: string, label: string): RiskVerdict {
  // variables (`-v`, `\set`, `\gset`) can splice any text into the SQL or a meta-command
  if (interpolates(text)) return change(`${label}: a :variable interpolation (text known only at run time)`);
  const verdicts: RiskVerdict[] = [];
  let sql = '';
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    // a backslash outside quotes starts a meta-command
    let quote: string | null = null;
    let at = -1;
    for (let i = 0; i < line.length; i++) {
      const char = line[i];
      if (quote) {
        if (char === quote) quote = null;
      } else if (char === "'" || char === '"') quote = char;
      else if (char === '-' && line[i + 1] === '-') break;
      else if (char === '\\') {
        at = i;
        break;
      }
    }
    if (at === -1) {
      sql += `${line}\n`;
      continue;
    }
    sql += `${line.slice(0, at)}\n`;
    const meta = line.slice(at + 1);
    const name = /^[a-zA-Z?!]+[+S]*/.exec(meta)?.[0] ?? meta.slice(0, 1);
    // the arguments end at the next unquoted backslash: `\\` goes back to SQL, any other starts
    // another meta-command; either way the rest is judged like a line of its own
    let end = meta.length;
    let argQuote: string | null = null;
    for (let i = name.length; i < meta.length; i++) {
      const char = meta[i];
      if (argQuote) {
        if (char === argQuote) argQuote = null;
      } else if (char === "'" || char === '"' || char === '`') argQuote = char;
      else if (char === '\\') {
        end = i;
        break;
      }
    }
    if (argQuote) {
      verdicts.push(change(`${label}: \\${name} with an unclosed quote`));
      continue;
    }
    const args = meta.slice(name.length, end).trim();
    if (end < meta.length) {
      const rest = meta.slice(end);
      lines.splice(index + 1, 0, rest.startsWith('\\\\') ? rest.slice(2) : rest);
    }
    const base = name.replace(/[+S]+$/, '');
    if (name === '') verdicts.push(change(`${label}: a lone backslash`));
    else if (args.includes('`'))
      verdicts.push(change(`${label}: \\${name} with a backtick (runs a shell command)`));
    else if ((base === 'g' || base === 'gx') && args !== '')
      verdicts.push(change(`${label}: \\${name} ${args} (writes a file or runs a command)`));
    else if (/^d[a-zA-Z]*$/.test(base) || PSQL_READ_META.has(base)) verdicts.push(read(`${label} \\${name}`));
    else verdicts.push(change(`${label}: \\${name} (a meta-command not known to only read)`));
  }
  if (sql.trim() !== '') verdicts.push(judgeSql(sql, label, 'postgres'));
  if (verdicts.length === 0) return change(`${label} with no SQL`);
  return combineVerdicts(verdicts);
}

/** mysql text: SQL plus client commands (`source`, `system`, `\!`, `tee`, `pager` change). */
function judgeMysqlText(text: string, label: string): RiskVerdict {
  const command =
    /^\s*(source|system|tee|pager|edit|connect|prompt|charset|delimiter|warnings|nowarning|rehash|use|status|help|\\.)/im.exec(
      text,
    );
  if (command && !/^(use|status|help)$/i.test(command[1] ?? ''))
    return change(`${label}: ${command[1]} (a client command)`);
  return judgeSql(text.replace(/^\s*(use\s+\w+|status|help)\s*;?\s*$/gim, ''), label, 'mysql');
}

const SQLITE_READ_DOT = new Set(
  words(`
  tables schema indexes indices mode headers header width timer show databases dbinfo fullschema help
  stats eqp explain nullvalue separator print quit exit lint changes echo bail
`),
);

/** sqlite3 text: SQL plus dot-commands (`.shell`, `.output`, `.import`, … change). */
function judgeSqliteText(text: string, label: string): RiskVerdict {
  const verdicts: RiskVerdict[] = [];
  const sql: string[] = [];
  for (const line of text.split('\n')) {
    const dot = /^\s*\.(\w+)/.exec(line);
    if (!dot) {
      sql.push(line);
      continue;
    }
    const name = dot[1] ?? '';
    verdicts.push(
      SQLITE_READ_DOT.has(name)
        ? read(`${label} .${name}`)
        : change(`${label}: .${name} (a dot-command not known to only read)`),
    );
  }
  if (sql.join('').trim() !== '') verdicts.push(judgeSql(sql.join('\n'), label, 'sqlite'));
  return verdicts.length === 0 ? change(`${label} with no SQL`) : combineVerdicts(verdicts);
}

type TextJudge = (text: string, label: string) => RiskVerdict;

/** SQL given on the command line (all static), else on stdin (static text), else undecidable. */
function judgeClientSql(given: ShellWord[], stdin: Stdin, label: string, judge: TextJudge): RiskVerdict {
  if (given.length > 0) {
    const dynamic = given.find((word) => !word.isStatic);
    if (dynamic) return change(`${label} ${dynamic.text} (SQL known only at run time)`);
    return combineVerdicts(given.map((word) => judge(word.text, label)));
  }
  if (stdin.kind === 'text') return judge(stdin.text, `${label} (stdin)`);
  if (stdin.kind === 'stream') return unrecognised(`${label} running SQL from ${stdin.origin}`);
  return unrecognised(`${label} with SQL from stdin or a file`);
}

const psql: RiskRule = withOptions(
  {
    flags: `-A -t -x -q -X -e -E -a -b -n -S -w -W -H -1 -l -V -z -0 --no-align --tuples-only --expanded
      --quiet --no-psqlrc --echo-queries --echo-hidden --echo-all --echo-errors --html --no-password
      --password --list --version --csv --single-transaction --single-line --no-readline`,
    values: `-h -p -U -d -c -P -v -F -R -T --host --port --username --dbname --command --pset --set
      --variable --field-separator --record-separator --table-attr`,
  },
  ({ options }, { stdin }) => {
    if (hasOption(options, '-l', '--list', '-V', '--version')) return read('psql --list');
    return judgeClientSql(optionValues(options, '-c', '--command'), stdin, 'psql', judgePsqlText);
  },
);

const mysql: RiskRule = withOptions(
  {
    flags: `-t -B -N -s -v -E -H -X -r -n -q -C -V --table --batch --skip-column-names --column-names
      --silent --verbose --vertical --html --xml --raw --unbuffered --quick --compress --ssl --skip-ssl
      --no-defaults --skip-pager --safe-updates --version --no-beep --force -f`,
    values: `-h -P -u -D -S -e --host --port --user --database --socket --execute --default-character-set
      --connect-timeout --ssl-mode --ssl-ca --protocol --login-path`,
    optional: '-p --password',
  },
  ({ options }, { stdin, program }) => {
    if (hasOption(options, '-V', '--version')) return read(`${program} --version`);
    return judgeClientSql(optionValues(options, '-e', '--execute'), stdin, program, judgeMysqlText);
  },
);

const SQLITE_OPTIONS = `-readonly -header -noheader -column -csv -json -line -list -box -table -markdown
  -html -batch -bail -echo -safe -nofollow -ascii -tabs -quote -version -stats -nullvalue -separator
  -newline -cmd -vfs`;
const sqliteWithValue = new Set(['-nullvalue', '-separator', '-newline', '-cmd', '-vfs']);

/** sqlite3 [options] FILE [SQL…]: SQL and dot-commands judged; `-cmd` too. */
const sqlite3: RiskRule = (args, { stdin }) => {
  const known = new Set(words(SQLITE_OPTIONS));
  const commands: ShellWord[] = [];
  const operands: ShellWord[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as ShellWord;
    if (arg.mayBeOption) return change(`sqlite3 ${arg.text} (an unquoted expansion could add options)`);
    const name = arg.text.replace(/^--/, '-');
    if (arg.isStatic && arg.text.startsWith('-')) {
      if (!known.has(name)) return change(`sqlite3 ${arg.text} (option not known to be read-only)`);
      if (sqliteWithValue.has(name)) {
        const value = args[++i];
        if (name === '-cmd' && value) commands.push(value);
      }
      continue;
    }
    operands.push(arg);
  }
  const sql = [...commands, ...operands.slice(1)];
  if (sql.length === 0 && operands.length === 0 && stdin.kind === 'none')
    return change('sqlite3 (interactive)');
  return judgeClientSql(sql, sql.length > 0 ? { kind: 'none' } : stdin, 'sqlite3', judgeSqliteText);
};

/** `prisma …`: status/validate read; `db execute` depends on its SQL; the rest migrates data. */
const prisma: RiskRule = (args, { stdin }) => {
  const texts = args.map((arg) => arg.text);
  const [first = '', second = ''] = texts.filter((text) => !text.startsWith('-'));
  if (texts.includes('--version') || texts.includes('-v') || first === 'version')
    return read('prisma version');
  if (first === 'validate' || (first === 'format' && texts.includes('--check')))
    return read(`prisma ${first}`);
  if (first === 'migrate' && second === 'status') return read('prisma migrate status');
  if (first === 'db' && second === 'execute') {
    if (texts.includes('--stdin') && stdin.kind === 'text')
      return judgeSql(stdin.text, 'prisma db execute', 'postgres');
    return unrecognised('prisma db execute (SQL not in the runbook)');
  }
  if (['migrate', 'db', 'generate'].includes(first)) return change(`prisma ${first} ${second}`.trim());
  return unrecognised(`prisma ${first}`.trim());
};

export const DB_CLIENT_RULES: Record<string, RiskRule> = {
  psql,
  mysql,
  mariadb: mysql,
  sqlite3,
  prisma,
  mongo: (args) =>
    args.length === 1 && args[0]?.text === '--version'
      ? read('mongo --version')
      : change('mongo shell (runs JavaScript)'),
  mongosh: (args) =>
    args.length === 1 && args[0]?.text === '--version'
      ? read('mongosh --version')
      : change('mongosh (runs JavaScript)'),
};

export { judgeSql, type SqlDialect };
