import { describe, expect, it } from 'vitest';
import { checkPagerKeys } from '../../src/doctor/check-pager-keys.ts';
import { applyBinding } from '../../src/runbook/binding/apply-binding.ts';
import { parseBinding } from '../../src/runbook/binding/load-binding.ts';
import { parseRunbook } from '../../src/runbook/parse/parse-runbook.ts';

const markdown = [
  '# Queue',
  '## Diagnose',
  '```bash',
  'systemctl is-active rabbitmq-server',
  '```',
  '## Restart',
  '```bash',
  'systemctl restart rabbitmq-server',
  '```',
  '## Escalation',
  '- After 10 minutes, notify **Ops Lead**',
].join('\n');

function lint(yaml: string) {
  const load = parseBinding(yaml, 'q.yml');
  if (!load.binding) return load.problems.map((p) => `${p.line}: ${p.level}: ${p.message}`);
  const applied = applyBinding(parseRunbook(markdown, 'queue.md'), load.binding, load);
  return applied.problems.map((p) => `${p.line}: ${p.level}: ${p.message}`);
}

describe('lint: alerts and pagers in the binding', () => {
  it('accepts a rule that runs a read-only section, and a role paged through PagerDuty only', () => {
    expect(
      lint(
        [
          'command: /q',
          'subcommands: { diagnose: diagnose }',
          'alerts:',
          '  - { match: { alertname: QueueDown }, run: diagnose, channel: C0QUEUE01 }',
          'roles:',
          '  Ops Lead: { pagerduty: { routingKeyEnv: PD_KEY_OPS } }',
        ].join('\n'),
      ),
    ).toEqual([]);
  });

  it('a rule that would run a change is an error, with file and line', () => {
    expect(
      lint(
        [
          'command: /q',
          'alerts:',
          '  - match: { alertname: QueueDown }',
          '    run: restart',
          '    channel: C0QUEUE01',
        ].join('\n'),
      ),
    ).toEqual([
      '4: error: alerts[0].run: section "restart" changes the host; an alert may only start a section that reads',
    ]);
  });

  it('an unknown section, a bad channel, an empty match and a key in the binding are refused', () => {
    expect(
      lint(
        ['command: /q', 'alerts:', '  - { match: { alertname: X }, run: diagnos, channel: C0QUEUE01 }'].join(
          '\n',
        ),
      ),
    ).toEqual(['3: error: alerts[0].run: "diagnos" is neither a subcommand nor a section']);
    const bad = lint(
      [
        'command: /q',
        'alerts:',
        '  - { match: {}, run: diagnose, channel: general }',
        'roles:',
        '  Ops Lead: { pagerduty: { routingKey: abc123 } }',
      ].join('\n'),
    );
    expect(bad).toEqual([
      '3: error: alerts[0].match: expected at least one label to match',
      '3: error: alerts[0].channel: expected a Slack channel id such as C0123ABCD',
      '5: error: unknown key "routingKey" in roles.Ops Lead.pagerduty',
    ]);
  });
});

describe('doctor: pager keys and the alerts token', () => {
  const keys = [{ runbook: 'queue', role: 'Ops Lead', pager: 'PagerDuty', env: 'PD_KEY_OPS' }];
  it('an unset key variable is an error naming the variable, never a value', () => {
    const result = checkPagerKeys({ keys, alertRules: 0, env: {} });
    expect(result).toMatchObject({ ok: false, severity: 'error' });
    expect(result.message).toContain('PD_KEY_OPS (Ops Lead via PagerDuty, queue)');
  });
  it('alert rules without ALERTS_TOKEN are a warning; everything set passes without printing values', () => {
    expect(checkPagerKeys({ keys, alertRules: 1, env: { PD_KEY_OPS: 's3cr3t' } })).toMatchObject({
      ok: false,
      severity: 'warning',
    });
    const ok = checkPagerKeys({
      keys,
      alertRules: 1,
      env: { PD_KEY_OPS: 's3cr3t', ALERTS_TOKEN: 'x'.repeat(32) },
    });
    expect(ok.ok).toBe(true);
    expect(JSON.stringify(ok)).not.toContain('s3cr3t');
  });
});
