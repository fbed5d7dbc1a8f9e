import { describe, expect, it } from 'vitest';
import { failed, passed } from '../../src/doctor/check-result.ts';
import { renderDoctorReport } from '../../src/doctor/render-doctor-report.ts';
import { runDoctor } from '../../src/doctor/run-doctor.ts';

const results = [
  passed('Slack bot token', 'auth.test passed as @runbook-bot'),
  failed(
    'Programs the runbooks call',
    'error',
    'missing: journalctl (1 step)',
    'journalctl: apt-get install systemd\nsecond line',
  ),
  failed('Connection mode', 'warning', 'port 3000 in use', 'free it'),
];

describe('renderDoctorReport', () => {
  it('prints ✔/✖/! lines with indented hints and a summary', () => {
    expect(renderDoctorReport(results, { color: false })).toBe(
      [
        '✔ Slack bot token: auth.test passed as @runbook-bot',
        '✖ Programs the runbooks call: missing: journalctl (1 step)',
        '    journalctl: apt-get install systemd',
        '    second line',
        '! Connection mode: port 3000 in use',
        '    free it',
        '',
        '1 error, 1 warning: fix the ✖ lines before the next incident.',
        '',
      ].join('\n'),
    );
  });

  it('colours the icons only when asked', () => {
    const coloured = renderDoctorReport(results, { color: true });
    expect(coloured).toContain('\u001b[32m✔\u001b[0m');
    expect(coloured).toContain('\u001b[31m✖\u001b[0m');
    expect(renderDoctorReport(results, { color: false })).not.toContain('\u001b[');
  });
});

describe('runDoctor', () => {
  it('exits 1 on an error, 0 on warnings only, and turns a crashing check into an error line', async () => {
    const warningsOnly = await runDoctor([{ name: 'a', run: () => results[2]! }]);
    expect(warningsOnly).toMatchObject({ exitCode: 0, errors: 0, warnings: 1 });
    const crashed = await runDoctor([
      { name: 'ok', run: () => results[0]! },
      {
        name: 'Data folder',
        run: async () => {
          throw new Error('disk on fire');
        },
      },
    ]);
    expect(crashed.exitCode).toBe(1);
    expect(crashed.results[1]).toMatchObject({
      name: 'Data folder',
      ok: false,
      message: 'the check itself failed: disk on fire',
    });
  });
});
