import { describe, expect, it } from 'vitest';
import { driftDigest } from '../../../src/core/drift/drift-digest.ts';
import type { DriftFinding } from '../../../src/core/drift/drift-report.ts';
import { linkDrift } from '../../../src/core/drift/link-drift.ts';
import { staticDrift } from '../../../src/core/drift/static-drift.ts';
import { smallBoundRunbook } from '../bound-runbook-fixture.ts';

describe('drift found without a host', () => {
  it('names used sections with nothing left to run and roles that reach nobody', () => {
    const bound = smallBoundRunbook({
      subcommands: { diagnose: 'diagnostico-rapido', links: 'links-uteis' },
      steps: { 'health-2': { skip: 'moved to the load balancer' } },
      roles: { 'DevOps Lead': { usergroups: ['S01DEVOPS0'] }, CTO: { users: [] } },
      escalation: [{ notify: ['CTO', 'DB on-call'], after: '30m' }],
    });
    bound.runbook.escalation = [
      { afterMinutes: 15, condition: null, notify: ['DevOps Lead'], checklist: [], line: 40 },
    ];
    // the binding's skip as applyBinding sets it
    const verify = bound.runbook.sections.find((section) => section.id === 'verificacao-pos-resolucao');
    for (const step of verify?.steps ?? [])
      if (step.kind === 'command') step.skip = 'moved to the load balancer';
    const found = staticDrift(bound).map((finding) => `${finding.kind} ${finding.subject} ${finding.got}`);
    expect(found).toEqual([
      'section-without-runnable-steps links-uteis no command block in the section',
      'section-without-runnable-steps verificacao-pos-resolucao all 1 step skipped or refused',
      'role-unmapped CTO mapped to nobody',
      'role-unmapped DB on-call no entry',
    ]);
  });

  it('checks links with the injected fetch: HEAD, then GET when HEAD is refused; relative files on disk', async () => {
    const calls: string[] = [];
    const findings = await linkDrift(
      '/runbooks/api-down.md',
      [
        { title: 'ok', url: 'https://grafana.example/d/1' },
        { title: 'head refused', url: 'https://status.example/' },
        { title: 'gone', url: 'https://old.example/wiki' },
        { title: 'down', url: 'https://down.example/' },
        { title: 'guide', url: '../docs/guide.md#restart' },
        { title: 'mail', url: 'mailto:ops@example.com' },
      ],
      {
        fetch: async (url, init) => {
          calls.push(`${init.method} ${url}`);
          if (url.includes('down.example'))
            throw Object.assign(new Error('fetch failed'), { cause: { code: 'ENOTFOUND' } });
          if (url.includes('status.example')) return { status: init.method === 'HEAD' ? 405 : 200 };
          return { status: url.includes('old.example') ? 404 : 200 };
        },
        exists: async (file) => file !== '/docs/guide.md',
      },
    );
    expect(findings.map((finding: DriftFinding) => `${finding.title}: ${finding.got}`)).toEqual([
      'gone: HTTP 404',
      'down: ENOTFOUND',
      'guide: no such file',
    ]);
    expect(calls).toContain('GET https://status.example/');
  });

  it('digests what drifted, not the changing text of what came back', () => {
    const finding = (got: string): DriftFinding => ({
      kind: 'expectation-failed',
      subject: 'status',
      title: 'status',
      expected: 'Up (healthy)',
      got,
    });
    expect(driftDigest({ findings: [finding('Up 3 minutes (unhealthy)')] })).toBe(
      driftDigest({ findings: [finding('Up 9 minutes (unhealthy)')] }),
    );
    expect(driftDigest({ findings: [] })).not.toBe(driftDigest({ findings: [finding('x')] }));
  });
});
