import { change, type RiskVerdict, read } from '../risk-verdict.ts';
import { words } from '../words.ts';

export type SqlDialect = 'postgres' | 'mysql' | 'sqlite';

interface Token {
  kind: 'word' | 'quoted' | 'punct' | 'meta';
  text: string;
}

/** Words that may precede `(` without being a function call. */
const PAREN_KEYWORDS = new Set(
  words(`
  in exists any all some values cast over filter within as from join on where and or not select using
  lateral row array interval when then else case by having union intersect except is between like
  ilike similar to with recursive group order partition window limit offset distinct coalesce nullif
  greatest least extract position substring trim overlay treat convert
`),
);

/** Functions known to only compute or read (anything else may write, sleep or reach the host). */
const READ_FUNCTIONS = new Set(
  words(`
  count sum min max avg now coalesce nullif greatest least pg_size_pretty pg_database_size
  pg_relation_size pg_total_relation_size pg_table_size pg_indexes_size pg_tablespace_size
  pg_size_bytes version current_database current_schema current_schemas current_user session_user
  current_setting pg_postmaster_start_time pg_conf_load_time pg_is_in_recovery
  pg_last_wal_receive_lsn pg_last_wal_replay_lsn pg_current_wal_lsn pg_wal_lsn_diff
  pg_last_xact_replay_timestamp pg_backend_pid pg_blocking_pids pg_get_userbyid pg_get_indexdef
  pg_get_viewdef pg_get_constraintdef pg_get_functiondef pg_get_triggerdef pg_get_expr
  has_table_privilege has_database_privilege has_schema_privilege obj_description col_description
  format_type quote_ident quote_literal inet_server_addr inet_client_addr pg_column_size age
  pg_xact_commit_timestamp txid_current_snapshot pg_stat_get_activity extract date_trunc date_part
  to_char to_timestamp to_date to_number clock_timestamp statement_timestamp transaction_timestamp
  timezone make_interval justify_interval lower upper length char_length octet_length substring
  substr trim ltrim rtrim btrim replace concat concat_ws split_part left right position strpos
  format round floor ceil ceiling abs mod power sqrt exp ln log sign trunc random string_agg
  array_agg json_agg jsonb_agg json_object_agg jsonb_object_agg json_build_object jsonb_build_object
  json_build_array jsonb_build_array row_number rank dense_rank percent_rank cume_dist ntile lag lead
  first_value last_value nth_value percentile_cont percentile_disc mode stddev stddev_samp
  stddev_pop variance var_samp var_pop bool_and bool_or every array_length array_to_string
  string_to_array unnest cardinality regexp_replace regexp_matches regexp_match regexp_split_to_table
  to_json to_jsonb jsonb_pretty jsonb_array_length json_array_length jsonb_typeof jsonb_each
  json_each jsonb_object_keys generate_series md5 encode decode cast pg_typeof date time timestamp
  interval numeric int integer bigint text varchar char boolean ifnull if database schema user
  connection_id date_format unix_timestamp from_unixtime datediff timestampdiff curdate curtime
  sysdate utc_timestamp found_rows row_count last_insert_id sqlite_version typeof datetime julianday
  strftime printf total group_concat json_extract json_array json_object instr hex quote
  char_length bit_length lpad rpad repeat reverse initcap translate ascii chr nullif
`),
);

/** First words of a statement that only reads. */
const READ_STATEMENTS = new Set(words('select show explain values table with describe desc pragma'));
/** Words that make a query a write (data-modifying CTE, SELECT INTO, LOCK IN SHARE MODE, OUTFILE). */
const WRITE_WORDS = new Set(
  words(`
  insert update delete merge upsert into lock outfile dumpfile drop alter create truncate grant revoke
  copy call
`),
);
const READ_PRAGMAS = new Set(
  words(`
  table_info table_xinfo index_list index_info index_xinfo database_list integrity_check quick_check
  foreign_key_list foreign_key_check compile_options page_count page_size freelist_count
  schema_version user_version collation_list function_list module_list pragma_list table_list
`),
);

/** Pragmas whose `(argument)` names a table or index to show rather than a value to set. */
const ARGUMENT_PRAGMAS = new Set(
  words(`
  table_info table_xinfo index_list index_info index_xinfo foreign_key_list foreign_key_check
  integrity_check quick_check table_list
`),
);

function tokenize(sql: string, dialect: SqlDialect): Token[] | string {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const char = sql[i] ?? '';
    const rest = sql.slice(i);
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    // MySQL starts a `--` comment only before whitespace; elsewhere `--1` is minus minus one
    const dashComment =
      rest.startsWith('--') && (dialect !== 'mysql' || rest.length === 2 || rest.charCodeAt(2) <= 0x20);
    if (dashComment || (dialect === 'mysql' && char === '#')) {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end;
      continue;
    }
    if (rest.startsWith('/*')) {
      const end = sql.indexOf('*/', i + 2);
      if (end === -1) return 'an unclosed comment';
      // MySQL runs `/*! … */` comments as code
      if (dialect === 'mysql' && rest.startsWith('/*!')) return 'a /*! executable comment */';
      i = end + 2;
      continue;
    }
    // SQLite `[identifier]`
    if (char === '[' && dialect === 'sqlite') {
      const end = sql.indexOf(']', i + 1);
      if (end === -1) return 'an unclosed [identifier]';
      tokens.push({ kind: 'word', text: `"${sql.slice(i + 1, end).toLowerCase()}"` });
      i = end + 1;
      continue;
    }
    if (char === "'" || char === '"' || char === '`') {
      let j = i + 1;
      while (j < sql.length) {
        // a backslash may or may not escape the quote (PostgreSQL E'…' strings,
        // standard_conforming_strings, MySQL NO_BACKSLASH_ESCAPES): where the string ends is unsure
        if (sql[j] === '\\' && dialect !== 'sqlite' && char !== '`') return 'a backslash in a quoted string';
        if (sql[j] === char && sql[j + 1] === char) j += 2;
        else if (sql[j] === char) break;
        else j++;
      }
      if (j >= sql.length) return 'an unclosed quote';
      tokens.push({
        kind: char === "'" ? 'quoted' : 'word',
        text: char === "'" ? sql.slice(i, j + 1) : `"${sql.slice(i + 1, j).toLowerCase()}"`,
      });
      i = j + 1;
      continue;
    }
    const dollar = /^\$([A-Za-z_]\w*)?\$/.exec(rest);
    if (dollar && dialect === 'postgres') {
      const end = sql.indexOf(dollar[0], i + dollar[0].length);
      if (end === -1) return 'an unclosed $$ quote';
      tokens.push({ kind: 'quoted', text: sql.slice(i, end + dollar[0].length) });
      i = end + dollar[0].length;
      continue;
    }
    const word = /^[A-Za-z_][\w$]*/.exec(rest);
    if (word) {
      tokens.push({ kind: 'word', text: word[0].toLowerCase() });
      i += word[0].length;
      continue;
    }
    if (char === '\\') {
      tokens.push({ kind: 'meta', text: rest.slice(0, 2) });
      i += 2;
      continue;
    }
    tokens.push({ kind: 'punct', text: rest.startsWith('::') ? '::' : char });
    i += rest.startsWith('::') ? 2 : 1;
  }
  return tokens;
}

function judgeStatement(tokens: Token[], label: string, dialect: SqlDialect): RiskVerdict | null {
  const first = tokens[0];
  if (!first) return null;
  const shown = tokens
    .slice(0, 6)
    .map((token) => token.text)
    .join(' ');
  if (first.kind !== 'word' && first.text !== '(') return change(`${label}: ${shown} (not a query)`);
  const start = tokens.find((token) => token.text !== '(');
  if (!start || !READ_STATEMENTS.has(start.text)) return change(`${label}: ${shown} (not a query)`);
  if (
    start.text === 'explain' &&
    tokens.some((token) => token.text === 'analyze' || token.text === 'analyse')
  )
    return change(`${label}: EXPLAIN ANALYZE (runs the statement)`);
  if (start.text === 'pragma') {
    const name = tokens[1]?.text ?? '';
    // `PRAGMA name` or `PRAGMA name(arg)` for a pragma whose argument only selects what to show;
    // `PRAGMA user_version(5)` / `= 5` sets
    const plain = tokens.length === 2;
    const withArgument =
      ARGUMENT_PRAGMAS.has(name) &&
      tokens.length === 5 &&
      tokens[2]?.text === '(' &&
      (tokens[3]?.kind === 'word' || tokens[3]?.kind === 'quoted') &&
      tokens[4]?.text === ')';
    if (first !== start || !READ_PRAGMAS.has(name) || !(plain || withArgument))
      return change(`${label}: PRAGMA ${name} (not known to only read)`);
    return read(`${label} PRAGMA ${name}`);
  }
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.kind === 'meta') {
      if (dialect === 'mysql' && /^\\[gG]$/.test(token.text)) continue;
      return change(`${label}: ${token.text} (a client command)`);
    }
    if (token.kind !== 'word' || token.text.startsWith('"')) {
      if (token.kind === 'word' && tokens[i + 1]?.text === '(')
        return change(`${label}: ${token.text}() (a function not known to only read)`);
      continue;
    }
    if (WRITE_WORDS.has(token.text)) return change(`${label}: ${token.text.toUpperCase()} (writes or locks)`);
    if (token.text === 'for' && /^(update|share|no|key)$/.test(tokens[i + 1]?.text ?? ''))
      return change(`${label}: FOR ${tokens[i + 1]?.text.toUpperCase()} (locks rows)`);
    if (tokens[i + 1]?.text === '(' && !PAREN_KEYWORDS.has(token.text) && tokens[i - 1]?.text !== '::') {
      const name = token.text;
      // `schema.fn(` may be a user function of that name (only pg_catalog's are the built-ins)
      if (tokens[i - 1]?.text === '.' && tokens[i - 2]?.text !== 'pg_catalog')
        return change(`${label}: ${tokens[i - 2]?.text}.${name}() (a schema-qualified function)`);
      if (!READ_FUNCTIONS.has(name)) return change(`${label}: ${name}() (a function not known to only read)`);
    }
  }
  return read(`${label} query`);
}

/** SQL text -> read only when every statement is a query that reads, calling only known functions. */
export function judgeSql(sql: string, label: string, dialect: SqlDialect): RiskVerdict {
  const tokens = tokenize(sql, dialect);
  if (typeof tokens === 'string') return change(`${label}: SQL with ${tokens}`);
  const statements: Token[][] = [[]];
  for (const token of tokens) {
    if (token.text === ';' || (dialect === 'mysql' && /^\\[gG]$/.test(token.text))) statements.push([]);
    else statements.at(-1)?.push(token);
  }
  const verdicts = statements
    .map((statement) => judgeStatement(statement, label, dialect))
    .filter((verdict) => verdict !== null);
  if (verdicts.length === 0) return change(`${label} with no SQL`);
  return verdicts.find((verdict) => verdict.risk !== 'read') ?? read(`${label} query`);
}
