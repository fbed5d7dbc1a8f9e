import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from './inspect-cli-harness.ts';

/** Runs `runbook-bot lint .` on a folder holding one runbook (and its binding) and returns the output. */
async function lint(
  markdown: string,
  binding?: string,
): Promise<{ code: number; lines: string[]; stdout: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-lint-'));
  writeFileSync(join(dir, 'rb.md'), markdown);
  if (binding !== undefined) writeFileSync(join(dir, 'rb.yml'), binding);
  const run = await runCliCaptured(['lint', '.'], dir);
  return { code: run.code, lines: run.stdout.split('\n'), stdout: run.stdout };
}

const numbered = (lines: string[]) => `${lines.join('\n')}\n`;

describe('lint: nothing a runbook says is lost silently', () => {
  it('an escalation section it cannot read: a warning on the heading naming the lines, not "0 problems"', async () => {
    const { lines, stdout } = await lint(
      numbered([
        '# R', //                                                   1
        '', //                                                      2
        '## Check', //                                              3
        '```bash', //                                               4
        'uptime', //                                                5
        '```', //                                                   6
        '## Escalation', //                                         7
        '', //                                                      8
        '- After 15 minutes, escalate.', //                         9
        '- Keep calm.', //                                          10
      ]),
    );
    expect(lines).toContain(
      'rb.md:7: warning: escalation section "Escalation" gave no rule: nobody would be notified (lines not understood: 9, 10)',
    );
    expect(lines).toContain(
      'rb.md:9: warning: escalation line not understood: "After 15 minutes, escalate." says when to escalate but not who to notify',
    );
    expect(stdout).not.toMatch(/0 errors, 0 warnings/);
  });

  it('an escalation sentence outside any escalation section', async () => {
    const { lines } = await lint(
      numbered([
        '# R',
        '',
        '## Check',
        '',
        '```bash',
        'uptime',
        '```',
        '',
        'If it is still down after 20 minutes, page the **SRE on-call**.',
      ]),
    );
    expect(lines.find((line) => line.startsWith('rb.md:9: warning:'))).toContain(
      'reads like an escalation rule but is not in an escalation section',
    );
  });

  it('a template section that gives no field', async () => {
    const { lines } = await lint(
      numbered([
        '# R',
        '',
        '## Check',
        '```bash',
        'uptime',
        '```',
        '## Postmortem template',
        '',
        'See the wiki.',
      ]),
    );
    expect(lines).toContain(
      'rb.md:7: warning: template section "Postmortem template" gave no field: the incident report would be empty',
    );
  });

  it('a template list outside a template section', async () => {
    const { lines } = await lint(
      numbered([
        '# R',
        '```bash',
        'uptime',
        '```',
        '## After the incident',
        '',
        '- **Start time**: when',
        '- **End time**: when',
        '- **Symptoms**: what',
      ]),
    );
    expect(lines.find((line) => line.startsWith('rb.md:7: warning:'))).toContain(
      'reads like an incident template',
    );
  });

  it('an expectation written as prose it cannot check', async () => {
    const { lines } = await lint(
      numbered([
        '# R',
        '',
        '## Check',
        '',
        '```bash',
        'uptime',
        '```',
        '',
        'Expected: the load looks reasonable for the time of day.',
      ]),
    );
    expect(lines.find((line) => line.startsWith('rb.md:9: warning:'))).toBe(
      'rb.md:9: warning: expectation not understood: "the load looks reasonable for the time of day" — step "check" is not checked against it',
    );
  });

  it('an expectation that follows no command block', async () => {
    const { lines } = await lint(
      numbered([
        '# R',
        '',
        '## Check',
        '',
        '```bash',
        'uptime',
        '```',
        '',
        'Some text.',
        '',
        'Expected: `load average`',
      ]),
    );
    expect(lines.find((line) => line.startsWith('rb.md:11: warning:'))).toContain('follows no command block');
  });

  it('sample output in an untagged fence: a note, no step, never a "risk: read" hint', async () => {
    const { lines, stdout } = await lint(
      numbered([
        '# R',
        '',
        '## Pods',
        '',
        '```bash',
        'kubectl get pods',
        '```',
        '',
        '```',
        'NAME                  READY   STATUS             RESTARTS   AGE',
        'api-7d9c8b7f6d-2xkqz  0/1     CrashLoopBackOff   12         40m',
        '```',
      ]),
    );
    expect(lines).toContain(
      'rb.md:9: note: code block read as table, not as commands: it is documentation, not a step',
    );
    expect(stdout).not.toContain('risk: read');
    expect(stdout).not.toContain('CrashLoopBackOff');
  });

  it('"Expected output:" followed by a many-line sample: a note that it is not checked', async () => {
    const { lines } = await lint(
      numbered([
        '# R',
        '## Check',
        '```bash',
        'systemctl status nginx',
        '```',
        'Salida esperada:',
        '```',
        '● nginx.service - A high performance web server',
        '   Active: active (running) since Mon 2024-03-04 10:00:00 UTC; 2h ago',
        '```',
      ]),
    );
    expect(lines.find((line) => line.startsWith('rb.md:7: note:'))).toContain(
      '"Salida esperada" shows 2 lines of sample output: step "check" is not checked against them',
    );
  });

  it('output lines pasted in a bash fence are left out of the steps, with a note', async () => {
    const { lines, stdout } = await lint(
      numbered([
        '# R',
        '## Logs',
        '```bash',
        'journalctl -u api -n 5',
        '2024-03-02T10:14:03Z ERROR db: connection refused',
        '```',
      ]),
    );
    expect(lines.find((line) => line.startsWith('rb.md:5: note:'))).toContain('read as output, not commands');
    expect(stdout).not.toContain('risk: read');
  });

  it('a binding with schema errors AND unknown ids: every problem in one run, with what to write', async () => {
    const { lines, code } = await lint(
      numbered(['# R', '', '## Restart', '', '```bash', 'sudo systemctl restart api', '```']),
      [
        'command: /rb',
        'subcommands:',
        '  Restart: restart',
        '  go: restrat',
        'steps:',
        '  Restart: { timeout: 30 }',
        '  restart: { timeout: soon }',
      ].join('\n'),
    );
    expect(code).toBe(1);
    expect(lines).toContain(
      'rb.yml:3: error: `Restart:` in subcommands — names there are lowercase letters, digits and "-": write `restart:`',
    );
    expect(lines).toContain('rb.yml:4: error: subcommand "go": "restrat" is not a section of rb.md');
    expect(lines).toContain('rb.yml:6: error: step "Restart" is not a step of rb.md');
    expect(lines).toContain('  hint: step and section ids are lowercase: write `restart`');
    expect(lines).toContain(
      'rb.yml:7: error: steps.restart.timeout: expected a duration such as 30 (seconds), 30s, 10m or 1h',
    );
  });

  it('the binding can point at sections whose headings say neither escalation nor template', async () => {
    const markdown = numbered([
      '# R',
      '## Check',
      '```bash',
      'uptime',
      '```',
      '## Who to wake',
      '- After 10 minutes, notify **Ops Lead**',
      '## Notes for later',
      '- **Start**: when',
      '- **Impact**: who',
    ]);
    const { lines } = await lint(
      markdown,
      'command: /rb\nescalationSection: who-to-wake\ntemplateSection: notes-for-later\nroles:\n  Ops Lead: { users: [U01OPS000] }\n',
    );
    expect(lines.at(-2)).toBe('1 runbook checked: 0 errors, 0 warnings');
  });
});
