import { describe, expect, it } from 'vitest';
import { parseCommandText, tokenize } from '../../src/core/parse-command-text.ts';
import { smallBoundRunbook } from './bound-runbook-fixture.ts';

const bound = smallBoundRunbook();

describe('parseCommandText', () => {
  it.each([
    ['', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['  STATUS ', { kind: 'status' }],
    ['resolve', { kind: 'resolve' }],
    ['impact many', { kind: 'impact', level: 'many' }],
    [
      'diagnose',
      { kind: 'section', sectionId: 'diagnostico-rapido', subcommand: 'diagnose', breakGlass: null },
    ],
    [
      'run verificacao-pos-resolucao',
      { kind: 'section', sectionId: 'verificacao-pos-resolucao', subcommand: 'run' },
    ],
    [
      'restart --break-glass "sozinho de madrugada, api fora"',
      {
        kind: 'section',
        sectionId: 'passo-2-restart-do-servico',
        breakGlass: 'sozinho de madrugada, api fora',
      },
    ],
  ])('%j is understood', (text, expected) => {
    expect(parseCommandText(text, bound)).toMatchObject(expected);
  });

  it.each([
    ['diagnos', 'diagnose'],
    ['stauts', 'status'],
    ['run diagnostico-rapid', 'diagnostico-rapido'],
  ])('%j is refused with the closest match %j', (text, suggestion) => {
    expect(parseCommandText(text, bound)).toMatchObject({ kind: 'invalid', suggestion });
  });

  it.each([
    'diagnose; rm -rf /',
    'run ../../etc/passwd',
    'run $(reboot)',
    'restart --break-glass',
    'restart --force',
    'x'.repeat(501),
    'impact few',
  ])('%j selects nothing', (text) => {
    expect(parseCommandText(text, bound).kind).toBe('invalid');
  });

  it('keeps quoted phrases whole', () => {
    expect(tokenize(`a "b c" 'd e' “f g”`)).toEqual(['a', 'b c', 'd e', 'f g']);
  });
});
