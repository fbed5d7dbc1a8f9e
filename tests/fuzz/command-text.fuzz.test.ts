import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BoundRunbook } from '../../src/core/catalog.ts';
import { loadCatalog } from '../../src/core/load-catalog.ts';
import { type Intent, parseCommandText } from '../../src/core/parse-command-text.ts';
import { COMMAND_WORDS } from '../support/command-words.ts';

/**
 * Property: whatever is typed after `/apidown`, the grammar either picks one of its fixed intents
 * (a `section` intent only ever names a section of the runbook) or refuses with a short message.
 */
const SEED = 0x5eed_c0de;
const RUNS = 10_000;

const META = [';', '|', '&', '$', '(', ')', '`', '<', '>', '\\', '*', '?', '~', '!', '#', '{', '}', '\n'];
const QUOTES = ['"', "'", '“', '”', '‘', '’'];
const WORDS = COMMAND_WORDS;

const junkChar = fc.oneof(
  fc.constantFrom(...META, ...QUOTES, ' ', '\t'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);
const junk = fc.array(junkChar, { maxLength: 12 }).map((chars) => chars.join(''));
const token = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 2, arbitrary: junk },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...QUOTES),
        fc.string({ unit: 'grapheme', maxLength: 400 }),
        fc.constantFrom(...QUOTES),
      )
      .map(([open, body, close]) => `${open}${body}${close}`),
  },
);
const separator = fc.constantFrom(' ', '  ', '\t', '', ';', ' | ', '\n');
const commandText = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .array(fc.tuple(token, separator), { maxLength: 8 })
      .map((parts) => parts.map(([word, sep]) => word + sep).join('')),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 120 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 400, maxLength: 1200 }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom('restart', 'diagnose', 'run passo-2-restart-do-servico', 'deps'),
        fc.constantFrom('--break-glass', '--break-glass=', '--BREAK-GLASS'),
        fc.string({ unit: 'grapheme', maxLength: 480 }),
        fc.constantFrom('"', "'", ''),
      )
      .map(([sub, flag, reason, quote]) => `${sub} ${flag} ${quote}${reason}${quote}`),
  },
);

const FIXED_KINDS = new Set<Intent['kind']>(['help', 'status', 'resolve', 'impact', 'section', 'invalid']);

describe('slash-command text (fuzz)', () => {
  let bound: BoundRunbook;
  let sectionIds: Set<string>;

  beforeAll(async () => {
    const { catalog } = await loadCatalog('runbooks');
    const found = catalog.byCommandName('/apidown');
    if (!found) throw new Error('runbooks/api-down.yml no longer binds /apidown');
    bound = found;
    sectionIds = new Set(bound.runbook.sections.map((section) => section.id));
  });

  it(`never throws; accepts only fixed intents and runbook sections (${RUNS} runs)`, () => {
    let accepted = 0;
    let breakGlass = 0;
    fc.assert(
      fc.property(commandText, (text) => {
        const intent = parseCommandText(text, bound);
        expect(FIXED_KINDS.has(intent.kind)).toBe(true);
        switch (intent.kind) {
          case 'invalid':
            expect(intent.message.length).toBeGreaterThan(0);
            expect(intent.message.length).toBeLessThanOrEqual(300);
            if (intent.suggestion !== null) expect(intent.suggestion.length).toBeLessThanOrEqual(300);
            return;
          case 'section':
            accepted++;
            expect(sectionIds.has(intent.sectionId)).toBe(true);
            expect(intent.subcommand).toMatch(/^[a-z][a-z0-9-]*$/);
            if (intent.breakGlass !== null) {
              breakGlass++;
              expect(intent.breakGlass.length).toBeGreaterThanOrEqual(5);
              expect(intent.breakGlass.length).toBeLessThanOrEqual(300);
            }
            return;
          case 'impact':
            expect(intent.level).toBe('many');
            return;
          default:
            accepted++;
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // the generator must reach the interesting paths, not only refusals
    expect(accepted).toBeGreaterThan(RUNS / 50);
    expect(breakGlass).toBeGreaterThan(10);
  });

  it('a section intent never carries text that was typed beyond the grammar', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('diagnose', 'restart', 'deps', 'resources', 'verify'),
        fc.constantFrom(';', '&&', '|', '$(', '`', '>'),
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        (sub, meta, tail) => {
          const intent = parseCommandText(`${sub} ${meta}${tail}`, bound);
          expect(intent.kind).toBe('invalid');
        },
      ),
      { seed: SEED + 1, numRuns: 2_000 },
    );
  });
});
