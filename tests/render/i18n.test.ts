import { describe, expect, expectTypeOf, it } from 'vitest';
import { formatDuration, formatRelative, formatRelativeLong } from '../../src/render/i18n/format-duration.ts';
import { formatClock, formatDateTime } from '../../src/render/i18n/format-time.ts';
import { LOCALES as BOT_LOCALES } from '../../src/render/i18n/locale.ts';
import type { MessageKey, Messages } from '../../src/render/i18n/messages.ts';
import { dictionaries, t, tPlural } from '../../src/render/i18n/messages.ts';
import { en } from '../../src/render/i18n/messages-en.ts';
import { es } from '../../src/render/i18n/messages-es.ts';
import { ptBR } from '../../src/render/i18n/messages-pt-br.ts';
import { bindingSchema } from '../../src/runbook/binding/binding-schema.ts';
import { at, NOW, TIME_ZONE } from './fixtures.ts';

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{([A-Za-z][A-Za-z0-9]*)\}/g)].map((m) => m[1] as string).sort();

describe('message dictionaries', () => {
  it('are complete at the type level', () => {
    expectTypeOf(ptBR).toEqualTypeOf<Messages>();
    expectTypeOf(es).toEqualTypeOf<Messages>();
    expectTypeOf(en).toExtend<Messages>();
    expectTypeOf<'card.header'>().toExtend<MessageKey>();
  });

  it('exist for every locale a binding accepts (pt-BR, en, es)', () => {
    const accepted = [...bindingSchema.shape.locale.unwrap().options].sort();
    expect([...BOT_LOCALES].sort()).toEqual(accepted);
    expect(accepted).toEqual(['en', 'es', 'pt-BR']);
    for (const locale of accepted) expect(dictionaries[locale], locale).toBeDefined();
  });

  it('have the same keys and placeholders in every locale, none empty', () => {
    const keys = Object.keys(en).sort();
    for (const locale of BOT_LOCALES) {
      const dictionary = dictionaries[locale];
      expect(Object.keys(dictionary).sort()).toEqual(keys);
      for (const key of keys as MessageKey[]) {
        expect(dictionary[key].trim(), `${locale} ${key}`).not.toBe('');
        expect(placeholders(dictionary[key]), `${locale} ${key}`).toEqual(placeholders(en[key]));
      }
    }
  });

  it('interpolates parameters and formats numbers per locale', () => {
    expect(t('pt-BR', 'card.header', { runbook: 'API DOWN', id: 7, status: '🔴 investigando' })).toBe(
      '🚨 API DOWN · incidente #7 · 🔴 investigando',
    );
    expect(t('en', 'verdict.expectedGot', { expected: '200 OK', got: 'HTTP 503' })).toBe(
      'expected 200 OK, got HTTP 503',
    );
    expect(t('pt-BR', 'approval.outcome.verify', { passed: 4, total: 4, icon: '✅' })).toBe(
      'verificação pós-resolução: 4/4 ✅',
    );
  });

  it('chooses plural forms with the locale rules', () => {
    expect(tPlural('pt-BR', 'run.checks', 1)).toBe('1 verificação');
    expect(tPlural('pt-BR', 'run.checks', 3)).toBe('3 verificações');
    expect(tPlural('en', 'run.lines', 1)).toBe('1 line');
    expect(tPlural('en', 'run.lines', 62)).toBe('62 lines');
    expect(tPlural('es', 'run.checks', 1)).toBe('1 verificación');
    expect(tPlural('es', 'run.checks', 3)).toBe('3 verificaciones');
  });

  it('are translated: a Spanish message is not the English one', () => {
    const same = (Object.keys(en) as MessageKey[]).filter(
      (key) => es[key] === en[key] && /[a-z]{4,}/.test(en[key].replace(/\{[A-Za-z]+\}|`[^`]*`/g, '')),
    );
    // Words that are the same in both languages (ids, product names) are fine; sentences are not.
    expect(same.filter((key) => en[key].split(/\s+/).length > 3)).toEqual([]);
  });
});

describe('formatDuration', () => {
  it.each([
    [45, '45 ms', '45 ms'],
    [230, '0,2 s', '0.2 s'],
    [1000, '1,0 s', '1.0 s'],
    [1100, '1,1 s', '1.1 s'],
    [2300, '2,3 s', '2.3 s'],
    [14_000, '14 s', '14 s'],
    [872_400, '14 min 32 s', '14 min 32 s'],
    [900_000, '15 min', '15 min'],
    [7_500_000, '2 h 5 min', '2 h 5 min'],
  ])('%i ms', (ms, pt, english) => {
    expect(formatDuration(ms, 'pt-BR')).toBe(pt);
    expect(formatDuration(ms, 'en')).toBe(english);
  });
});

describe('relative and clock times', () => {
  it('says how long ago and how soon', () => {
    expect(formatRelative(at(14, 2, 10), NOW, 'pt-BR')).toBe('há 6 min');
    expect(formatRelative(at(14, 2, 10), NOW, 'en')).toBe('6 min ago');
    expect(formatRelative(at(14, 17), NOW, 'pt-BR')).toBe('em 9 min');
    expect(formatRelative(at(14, 17), NOW, 'en')).toBe('in 9 min');
    expect(formatRelative(NOW + 3000, NOW, 'pt-BR')).toBe('agora');
    expect(formatRelativeLong(at(14, 2), NOW, 'pt-BR')).toBe('há 6 minutos');
    expect(formatRelativeLong(at(14, 2), NOW, 'en')).toBe('6 minutes ago');
  });

  it('formats clock times in the given time zone, whatever the process zone', () => {
    expect(formatClock(at(14, 2, 10), TIME_ZONE)).toBe('14:02');
    expect(formatDateTime(at(14, 2, 10), TIME_ZONE)).toBe('2026-11-29 14:02:10');
    expect(formatDateTime(at(14, 2, 10), 'UTC')).toBe('2026-11-29 17:02:10');
  });
});
