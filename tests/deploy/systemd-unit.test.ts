import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const unitPath = new URL('../../deploy/runbook-bot.service', import.meta.url);
const unit = readFileSync(unitPath, 'utf8');

function findSystemdAnalyze(): string | null {
  for (const candidate of ['/usr/bin/systemd-analyze', '/bin/systemd-analyze']) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return null;
}
const systemdAnalyze = findSystemdAnalyze();
const skipReason = systemdAnalyze ? '' : ' [SKIPPED: systemd-analyze is not installed on this machine]';

/** The directives of the [Service] section (last value wins, as in systemd; empty values kept). */
function serviceDirectives(text: string): Map<string, string[]> {
  const section = text.split(/^\[Service\]$/m)[1]?.split(/^\[/m)[0] ?? '';
  const directives = new Map<string, string[]>();
  for (const line of section.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (match?.[1]) directives.set(match[1], [...(directives.get(match[1]) ?? []), match[2] ?? '']);
  }
  return directives;
}

const temp = mkdtempSync(join(tmpdir(), 'unit-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/**
 * `verify` fails when ExecStart's binary does not exist. The unit names /usr/bin/node (Debian's
 * nodejs and NodeSource both install there); where node lives elsewhere (CI's setup-node), the test
 * points a copy of the unit at the running node instead.
 */
function unitForThisMachine(): string {
  let text = unit;
  try {
    accessSync('/usr/bin/node', constants.X_OK);
  } catch {
    text = text.replace('ExecStart=/usr/bin/node ', `ExecStart=${process.execPath} `);
  }
  const file = join(temp, 'runbook-bot.service');
  writeFileSync(file, text);
  return file;
}

describe('deploy/runbook-bot.service', () => {
  it(`passes systemd-analyze verify with no warnings${skipReason}`, ({ skip }) => {
    if (!systemdAnalyze) return skip('systemd-analyze is not installed');
    const result = spawnSync(systemdAnalyze, ['verify', unitForThisMachine()], { encoding: 'utf8' });
    // verify exits 0 even for "Failed to parse …, ignoring" lines: any output is a finding.
    expect(`${result.stdout}${result.stderr}`.trim()).toBe('');
    expect(result.status).toBe(0);
  });

  it(`scores as well hardened in systemd-analyze security (exposure ≤ 3.0)${skipReason}`, ({ skip }) => {
    if (!systemdAnalyze) return skip('systemd-analyze is not installed');
    const result = spawnSync(systemdAnalyze, ['security', '--offline=yes', unitForThisMachine()], {
      encoding: 'utf8',
    });
    const match = /Overall exposure level for \S+: ([\d.]+)/.exec(`${result.stdout}${result.stderr}`);
    if (!match) return skip(`this systemd-analyze has no offline security scoring: ${result.stderr.trim()}`);
    expect(Number(match[1])).toBeLessThanOrEqual(3);
  });

  it('runs as its own user with the docker group, restarts on failure, and keeps the state folder writable', () => {
    const directives = serviceDirectives(unit);
    expect(directives.get('User')).toEqual(['runbook-bot']);
    expect(directives.get('SupplementaryGroups')?.[0]?.split(' ')).toContain('docker');
    expect(unit).toMatch(/docker.*group.*root/i);
    expect(directives.get('EnvironmentFile')).toEqual(['/etc/runbook-bot/env']);
    expect(directives.get('ExecStart')?.[0]).toMatch(/node \S*bin\/runbook-bot\.js serve$/);
    expect(directives.get('Restart')).toEqual(['on-failure']);
    expect(directives.get('ReadWritePaths')).toEqual(['/var/lib/runbook-bot']);
    expect(directives.get('Environment')).toContain('DATA_DIR=/var/lib/runbook-bot');
  });

  it('has the hardening options, and leaves MemoryDenyWriteExecute off for the V8 JIT', () => {
    const directives = serviceDirectives(unit);
    for (const [name, value] of Object.entries({
      NoNewPrivileges: 'yes',
      ProtectSystem: 'strict',
      ProtectHome: 'yes',
      PrivateTmp: 'yes',
      ProtectKernelTunables: 'yes',
      ProtectKernelModules: 'yes',
      ProtectControlGroups: 'yes',
      LockPersonality: 'yes',
      SystemCallArchitectures: 'native',
      CapabilityBoundingSet: '',
    })) {
      expect(directives.get(name), name).toEqual([value]);
    }
    expect(directives.get('RestrictAddressFamilies')?.[0]).toMatch(/^AF_UNIX AF_INET AF_INET6/);
    expect(directives.has('MemoryDenyWriteExecute')).toBe(false);
    expect(unit).toContain('MemoryDenyWriteExecute is deliberately NOT set');
  });
});
