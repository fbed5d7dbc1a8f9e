import { describe, expect, it } from 'vitest';
import { classifyRisk } from '../../../src/runbook/risk/classify-risk.ts';

const CHANGES = [
  "psql -v q='; drop table t' <<'EOF'\nselect 1 :q;\nEOF",
  "psql <<'EOF'\n\\set q '; drop table t'\nselect 1 :q;\nEOF",
  'psql -c \'select 1 :"q"\'',
  'psql -c "select 1 :\'q\'"',
  "psql -c '\\x \\! touch x'",
  "psql -c '\\x \\o /tmp/out'",
  "psql -c '\\pset format aligned \\copy t to /tmp/x'",
  "psql -c '\\echo hi \\\\ drop table t;'",
  `psql -c "select E'\\''; drop table t; --'"`,
  "mysql -e 'select 1 --1; drop table t'",
  `sqlite3 db "select 1 as [it's]; drop table t; --'"`,
  "sqlite3 db 'pragma user_version(5)'",
  "sqlite3 db 'pragma schema_version(1)'",
  "sqlite3 db 'pragma user_version = 5'",
  "psql -c 'select public.lower(1)'",
  `awk 'BEGIN{ print "x",\n "y" > "/tmp/x" }'`,
  `awk 'BEGIN{ print "x" \\\n> "/tmp/x" }'`,
  `gawk 'BEGIN{ f="sys" "tem"; @f("touch x") }'`,
  `awk 'BEGIN{ print ("x",\n "y") > "/tmp/x" }'`,
  `awk '{ i++ / 2; print "x" > "/tmp/x" }'`,
];

const SENSITIVES = [
  "sed -n 'F;R /etc/shadow' f",
  "sed 'r /home/u/.env' f",
  `awk '{ while ((getline line < "/etc/shadow") > 0) print line }'`,
  `awk '{ f = "/etc/sha" "dow"; while ((getline line < f) > 0) print line }'`,
];

const READS = [
  "psql -c 'select now()::date, count(*) from users'",
  "psql -c '\\dt'",
  "psql -c '\\x \\dt'",
  "sqlite3 db 'pragma table_info(users)'",
  "sqlite3 db 'pragma user_version'",
  "mysql -e 'select 1 -- comment'",
  "awk '$3 > 100 { print $1 }' f",
  "awk 'NR > 1 && $2 > 5 { print $0 }\nEND { print NR }' f",
  `awk '{ while ((getline line < "/etc/hosts") > 0) print line }'`,
  "sed -n '1,10p' f",
];

describe('red-team C/D: database clients, awk and sed', () => {
  it.each(CHANGES)('judges %j change', (command) => {
    expect(classifyRisk(command).risk).toBe('change');
  });
  it.each(SENSITIVES)('judges %j sensitive', (command) => {
    expect(classifyRisk(command).risk).toBe('sensitive');
  });
  it.each(READS)('keeps %j read', (command) => {
    expect(classifyRisk(command).risk).toBe('read');
  });
});
