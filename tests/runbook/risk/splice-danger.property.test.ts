import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyRisk } from '../../../src/runbook/risk/classify-risk.ts';

/** Read-only commands from real runbooks, as words. */
const READ_COMMANDS = [
  ['df', '-h'],
  ['uptime'],
  ['free', '-m'],
  ['docker', 'ps', '-a'],
  ['docker', 'compose', 'logs', '--tail=50', 'api'],
  ['kubectl', '-n', 'payments', 'get', 'pods'],
  ['kubectl', 'logs', 'deploy/api', '--tail=100'],
  ['systemctl', 'status', 'nginx'],
  ['journalctl', '-u', 'docker', '-n', '50'],
  ['curl', '-fsS', 'http://localhost:8080/health'],
  ['grep', '-i', 'error', '/var/log/app.log'],
  ['awk', "'{print $1}'", '/var/log/app.log'],
  ['sort', '-rn'],
  ['head', '-20'],
  ['redis-cli', 'ping'],
  ['psql', '-c', '"SELECT count(*) FROM users"'],
  ['ss', '-tlnp'],
  ['echo', 'ok'],
];

/** Constructs that make any command write or run something else. */
const DANGERS = [
  '$(rm -rf /tmp/x)',
  '`rm -rf /tmp/x`',
  '"$(rm -rf /tmp/x)"',
  '; rm -rf /tmp/x',
  '&& rm -rf /tmp/x',
  '|| rm -rf /tmp/x',
  '& rm -rf /tmp/x',
  '> /tmp/f',
  '>> /tmp/f',
  '>& /tmp/f',
  '&> /tmp/f',
  '>| /tmp/f',
  '| sh',
  '| bash -s',
  '| xargs rm',
  '| nc localhost 6379',
  '&& curl -X POST http://localhost/admin',
  '<(rm -rf /tmp/x)',
  '>(tee /tmp/f)',
  '\nrm -rf /tmp/x',
  '| bash <<EOF\nrm -rf /tmp/x\nEOF',
  '; eval "rm -rf /tmp/x"',
  '; PATH=/tmp ls',
  '| tee /tmp/f',
  '; f() { rm -rf /tmp/x; }; f',
];

const SEPARATORS = [' | ', ' && ', '; ', ' || '];

const readLine = fc
  .array(fc.tuple(fc.constantFrom(...READ_COMMANDS), fc.constantFrom(...SEPARATORS)), {
    minLength: 1,
    maxLength: 3,
  })
  .map((parts) => parts.map(([command, separator], i) => ({ command, separator: i === 0 ? '' : separator })));

describe('a dangerous construct spliced into a read-only command', () => {
  it('the generated read-only commands are read before splicing', () => {
    fc.assert(
      fc.property(readLine, (parts) => {
        const line = parts.map(({ command, separator }) => `${separator}${command.join(' ')}`).join('');
        expect(classifyRisk(line).risk).not.toBe('change');
      }),
      { numRuns: 200 },
    );
  });

  it('is never judged read, wherever it goes', () => {
    fc.assert(
      fc.property(readLine, fc.constantFrom(...DANGERS), fc.nat(), (parts, danger, at) => {
        const words = parts.flatMap(({ command, separator }) =>
          separator ? [separator.trim(), ...command] : command,
        );
        const position = 1 + (at % words.length);
        const line = [...words.slice(0, position), danger, ...words.slice(position)].join(' ');
        const verdict = classifyRisk(line);
        expect(verdict.risk, `${line}\n-> ${verdict.reason}`).not.toBe('read');
      }),
      { numRuns: 1000 },
    );
  });
});
