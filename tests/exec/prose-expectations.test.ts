import type { Paragraph } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { describe, expect, it } from 'vitest';
import { judgeStep } from '../../src/exec/judge/judge-step.ts';
import { checkExpectation } from '../../src/exec/judge/match-expectation.ts';
import type { Expectation } from '../../src/runbook/model.ts';
import { readExpectation } from '../../src/runbook/parse/parse-expectation.ts';
import { commandStep } from './make-step.ts';

const paragraph = (markdown: string) => fromMarkdown(markdown).children[0] as Paragraph;
const understood = (markdown: string) => {
  const reading = readExpectation(paragraph(markdown));
  return reading?.kind === 'understood' ? reading.expectation : reading;
};

const GETENT = '10.0.4.12       payments-db.prod.svc.cluster.local\n';
const DIG_EMPTY = '';
const DF = [
  'Filesystem      Size  Used Avail Use% Mounted on',
  '/dev/sda1        50G   20G   30G  40% /',
  '/dev/sdb1       200G  150G   50G  75% /var/lib/postgresql',
].join('\n');

describe('prose expectations are understood, in three languages', () => {
  it.each([
    ['Expected: at least one IP address.', { kind: 'atLeast', n: 1, what: 'IP address' }],
    ['Saída esperada: pelo menos 2 linhas', { kind: 'atLeast', n: 2, what: 'linhas' }],
    ['Resultado esperado: al menos una línea', { kind: 'atLeast', n: 1, what: 'línea' }],
    ['Expected output: non-empty', { kind: 'nonEmpty' }],
    ['Saída esperada: não vazio', { kind: 'nonEmpty' }],
    ['Expected: no output', { kind: 'empty' }],
    ['Expected: contains `ready`', { kind: 'contains', text: 'ready' }],
    ['Salida esperada: debe mostrar active (running)', { kind: 'contains', text: 'active (running)' }],
    ['It should show Running.', { kind: 'contains', text: 'Running' }],
    ['**Status Esperado**: `Up (healthy)`', { kind: 'text', text: 'Up (healthy)' }],
    ['Expected: PONG', { kind: 'text', text: 'PONG' }],
  ] as [string, Expectation][])('%s', (markdown, wanted) => {
    expect(understood(markdown)).toEqual(wanted);
  });

  it.each([
    'Resultado esperado: menos de 100',
    'Expected: less than 5 restarts',
    'Saída esperada: mais de 3',
  ])('a comparison it cannot check is reported, not matched literally: %s', (markdown) => {
    expect(readExpectation(paragraph(markdown))?.kind).toBe('unclear');
  });

  it('prose it cannot check is reported, not matched literally', () => {
    expect(readExpectation(paragraph('Expected: the pods should all be fine after a while.'))).toEqual({
      kind: 'unclear',
      text: 'the pods should all be fine after a while',
    });
  });
});

describe('checking output against an understood expectation', () => {
  it('at least one IP address: getent output passes, an empty answer fails', () => {
    const wanted: Expectation = { kind: 'atLeast', n: 1, what: 'IP address' };
    expect(checkExpectation(wanted, GETENT)).toEqual({ met: true, line: GETENT.trim() });
    expect(checkExpectation(wanted, DIG_EMPTY).met).toBe(false);
    expect(checkExpectation(wanted, 'connection timed out; no servers could be reached').met).toBe(false);
  });

  it('at least N lines does not count the table header', () => {
    expect(checkExpectation({ kind: 'atLeast', n: 2, what: 'linhas' }, DF).met).toBe(true);
    expect(checkExpectation({ kind: 'atLeast', n: 3, what: 'lines' }, DF).met).toBe(false);
  });

  it('a judged step passes on healthy output and fails with what was seen, never by literal match', () => {
    const step = commandStep({
      command: 'kubectl exec -n prod deploy/payments -- getent hosts payments-db',
      expect: 'at least one IP address',
      expectation: { kind: 'atLeast', n: 1, what: 'IP address' },
    });
    const outcome = { exitCode: 0, timedOut: false, timeoutMs: 30_000 };
    expect(judgeStep(step, { ...outcome, output: GETENT }).status).toBe('pass');
    const failed = judgeStep(step, { ...outcome, exitCode: 2, output: '' });
    expect(failed.status).toBe('fail');
    expect(failed.detail).toMatchObject({ kind: 'expected_got', expected: 'at least one IP address' });
  });
});
