import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type BindingLoad, parseBinding } from '../../src/runbook/binding/load-binding.ts';

/** Properties of the binding loader: any text gives either a binding or located, readable problems. */
const SEED = 0xb1_4d1e;
const RUNS = 1_000;
const FILE = '/runbooks/fuzz.yml';

function checkLoad(load: BindingLoad, text: string): void {
  const lines = text.split(/\r\n|\r|\n/).length;
  if (load.binding !== null) {
    expect(load.problems.filter((problem) => problem.level === 'error')).toEqual([]);
    expect(load.binding.command).toMatch(/^\/[a-z0-9_-]{1,31}$/);
    return;
  }
  expect(load.problems.length).toBeGreaterThan(0);
  for (const problem of load.problems) {
    expect(problem.file).toBe(FILE);
    expect(Number.isInteger(problem.line)).toBe(true);
    expect(problem.line).toBeGreaterThanOrEqual(1);
    expect(problem.line).toBeLessThanOrEqual(lines + 1);
    expect(problem.message.trim().length).toBeGreaterThan(0);
  }
}

const KEYS = [
  'command',
  'description',
  'locale',
  'workdir',
  'service',
  'channels',
  'env',
  'subcommands',
  'steps',
  'waitFor',
  'verify',
  'rollback',
  'approvers',
  'roles',
  'escalation',
  'users',
  'usergroups',
  'allowSelfApproval',
  'expiresAfter',
  'maxPerHour',
  'timeout',
  'stdin',
  'skip',
  'risk',
  'notify',
  'after',
  'comand',
  'DevOps Lead',
];
const SCALARS = [
  '/apidown',
  'pt-BR',
  'en',
  '10m',
  '1h',
  'ten minutes',
  'true',
  'no',
  '~',
  'null',
  '3',
  '-1',
  '1e9',
  '[U01ABC]',
  '[S01DEV, x]',
  '{ users: [U1] }',
  '"quoted: value"',
  "'single'",
  '&anchor x',
  '*anchor',
  '!!binary aGk=',
  '|',
  '>-',
  '$(reboot)',
  '`id`',
];

const yamlishLine = fc.oneof(
  fc
    .tuple(
      fc.nat({ max: 6 }),
      fc.constantFrom(...KEYS),
      fc.constantFrom(':', ': ', ':  ', ' :', '', '='),
      fc.oneof(fc.constantFrom(...SCALARS), fc.string({ unit: 'grapheme', maxLength: 20 })),
    )
    .map(([indent, key, sep, value]) => `${' '.repeat(indent)}${key}${sep}${value}`),
  fc
    .nat({ max: 6 })
    .chain((indent) => fc.constantFrom(...SCALARS).map((value) => `${' '.repeat(indent)}- ${value}`)),
  fc.constantFrom(
    '---',
    '...',
    '# comment',
    'a: &x [*x]',
    'b: *nowhere',
    '',
    '\t',
    '- - -',
    '? complex',
    '%YAML 1.2',
    '{',
    ']',
  ),
  fc.string({ unit: 'binary', maxLength: 30 }),
);
const yamlishText = fc.array(yamlishLine, { maxLength: 20 }).map((lines) => lines.join('\n'));

const scalar = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(...SCALARS),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof({ maxDepth: 3, withCrossShrink: true }, scalar, tie('array'), tie('object')),
  array: fc.array(tie('node'), { maxLength: 4 }),
  object: fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 })), tie('node'), {
    maxKeys: 5,
  }),
})).node;
/** Mostly valid fields (so some bindings are accepted), each sometimes replaced by junk. */
const field = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: value });
const userId = fc.stringMatching(/^U[A-Z0-9]{2,10}$/);
const bindingLike = fc.record(
  {
    command: field(fc.constantFrom('/apidown', '/x', 'apidown', '/Bad Command')),
    locale: field(fc.constantFrom('pt-BR', 'en', 'fr')),
    subcommands: field(
      fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), fc.string({ maxLength: 20 })),
    ),
    approvers: field(
      fc.record(
        {
          users: fc.array(fc.oneof(userId, fc.constantFrom('bob')), { maxLength: 3 }),
          expiresAfter: fc.constantFrom('10m', '1h', '30s', 'soon'),
          allowSelfApproval: fc.boolean(),
          maxPerHour: fc.integer({ min: -5, max: 200 }),
        },
        { requiredKeys: [] },
      ),
    ),
    roles: field(
      fc.dictionary(fc.string({ maxLength: 12 }), fc.record({ users: fc.array(userId, { maxLength: 2 }) })),
    ),
    steps: field(
      fc.dictionary(
        fc.string({ maxLength: 12 }),
        fc.record(
          { timeout: fc.constantFrom('20s', '1m', 'x'), risk: fc.constantFrom('read', 'change', 'nope') },
          {
            requiredKeys: [],
          },
        ),
      ),
    ),
  },
  { requiredKeys: ['command'] },
);

describe('binding loader (fuzz)', () => {
  it(`never throws on YAML-ish text; a binding or located problems (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(yamlishText, (text) => checkLoad(parseBinding(text, FILE), text)),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it(`never throws on random objects written with the yaml package (${RUNS} runs)`, () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(bindingLike, value), (object) => {
        const text = stringify(object);
        const load = parseBinding(text, FILE);
        if (load.binding) accepted++;
        checkLoad(load, text);
      }),
      { seed: SEED + 1, numRuns: RUNS },
    );
    expect(accepted).toBeGreaterThan(0);
  });
});
