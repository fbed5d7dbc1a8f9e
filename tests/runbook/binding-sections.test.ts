import { describe, expect, it } from 'vitest';
import { applyBinding } from '../../src/runbook/binding/apply-binding.ts';
import { parseBinding } from '../../src/runbook/binding/load-binding.ts';
import { parseRunbook } from '../../src/runbook/parse/parse-runbook.ts';

const markdown = [
  '# Queue', //                                  1
  '## Check', //                                 2
  '```bash', //                                  3
  'rabbitmqctl list_queues', //                  4
  '```', //                                      5
  '## Who to wake', //                           6
  '- After 10 minutes, notify **Ops Lead**', //  7
  '## Notes for later', //                       8
  '| Campo | Valor |', //                        9
  '|---|---|', //                                10
  '| Inicio | hora |', //                        11
  '| Causa | |', //                              12
].join('\n');

describe('binding: durations, locale and sections named by id', () => {
  it('a plain number is seconds; a bad duration says what to write', () => {
    const load = parseBinding(
      'command: /q\nsteps:\n  check: { timeout: 30 }\napprovers: { expiresAfter: 600 }\n',
      'q.yml',
    );
    expect(load.problems).toEqual([]);
    expect(load.binding?.steps.check?.timeout).toBe(30_000);
    expect(load.binding?.approvers.expiresAfter).toBe(600_000);
    const bad = parseBinding('command: /q\nsteps:\n  check: { timeout: -3 }\n', 'q.yml');
    expect(bad.problems.map((p) => [p.line, p.message])).toEqual([
      [3, 'steps.check.timeout: expected a duration such as 30 (seconds), 30s, 10m or 1h'],
    ]);
  });

  it('accepts locale: es', () => {
    expect(parseBinding('command: /q\nlocale: es\n', 'q.yml').binding?.locale).toBe('es');
  });

  it('escalationSection and templateSection make the parser read those sections', () => {
    const plain = parseRunbook(markdown, 'queue.md');
    expect(plain.escalation).toEqual([]);
    expect(plain.template).toEqual([]);
    const pointed = parseRunbook(markdown, 'queue.md', {
      escalationSection: 'who-to-wake',
      templateSection: 'notes-for-later',
    });
    expect(pointed.escalation).toEqual([
      { afterMinutes: 10, condition: null, notify: ['Ops Lead'], checklist: [], line: 7 },
    ]);
    expect(pointed.template.map((field) => [field.label, field.fill])).toEqual([
      ['Inicio', 'startedAt'],
      ['Causa', 'manual'],
    ]);
  });

  it('a section id the runbook does not have is an error with the closest id', () => {
    const load = parseBinding('command: /q\nescalationSection: who-to-wak\n', 'q.yml');
    const { problems } = applyBinding(parseRunbook(markdown, 'queue.md'), load.binding!, load);
    expect(problems.map((p) => [p.line, p.message, p.hint])).toEqual([
      [
        2,
        'escalationSection: "who-to-wak" is not a section of queue.md',
        expect.stringContaining('"who-to-wake"'),
      ],
    ]);
  });

  it('a role hint names the escalation lines it could not read, not "no escalation section"', () => {
    const unreadable = parseRunbook('# Q\n## Escalation\n\n- After 15 minutes, escalate.\n', 'q.md');
    const load = parseBinding('command: /q\nroles:\n  DBA: { users: [U01DBA000] }\n', 'q.yml');
    const { problems } = applyBinding(unreadable, load.binding!, load);
    expect(problems.map((p) => p.hint)).toEqual([
      "the runbook's escalation section could not be read (lines 2, 4): see the warnings there",
    ]);
  });

  it('writing escalation as an object explains the two keys', () => {
    const load = parseBinding('command: /q\nescalation: { section: who-to-wake }\n', 'q.yml');
    expect(load.problems.map((p) => [p.line, p.message, p.hint])).toEqual([
      [2, 'escalation: expected a list of rules', expect.stringContaining('escalationSection: <section id>')],
    ]);
  });
});
