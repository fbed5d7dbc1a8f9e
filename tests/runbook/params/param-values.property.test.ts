// biome-ignore-all lint/suspicious/noTemplateCurlyInString: bash text, `${…}` is meant literally
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/ports.ts';
import { createRedactor } from '../../../src/exec/redact/create-redactor.ts';
import { createStepRunner } from '../../../src/exec/run-step.ts';
import { englishVerdict } from '../../../src/render/common/describe-verdict.ts';
import { checkParamValue, type ParamSpec } from '../../../src/runbook/params/validate-param-value.ts';
import { withParams } from '../../../src/runbook/parse/build-step.ts';
import { parseShell } from '../../../src/runbook/risk/shell-parser.ts';
import { commandStep } from '../../exec/make-step.ts';

const redactor = createRedactor({ secrets: [] });
const runner = createStepRunner({
  clock: systemClock,
  redactor,
  env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8' },
});

/** A function that prints how many arguments it got, then the first one, between markers. */
const COUNT = `count() { printf '%s|' "$#"; printf '%s' "$1"; printf '|end'; }`;
const STEPS = [
  withParams(commandStep({ id: 'word', command: `${COUNT}; count <value>` }), []),
  withParams(commandStep({ id: 'quoted', command: `${COUNT}; count "<value>"` }), []),
  withParams(commandStep({ id: 'variable', command: `${COUNT}; count $VALUE` }), []),
];

const treeOf = (text: string) => {
  const parsed = parseShell(text);
  try {
    return parsed.root.toString();
  } finally {
    parsed.dispose();
  }
};
const TREES = STEPS.map((step) => treeOf(step.runs ?? ''));

const hostile = fc.constantFrom(
  '$(reboot)',
  '`id`',
  '; rm -rf /',
  '-rf',
  '--all-namespaces',
  "it's",
  '"quoted"',
  'a\nb',
  'a\tb',
  '*',
  '~root',
  '${HOME}',
  '$((1+1))',
  'a[$(id)]',
  '\\',
  'ünïcødé-😀',
  'x\u202e',
  'api-7d9f',
  'a b c',
  '',
);
const values = fc.oneof(
  hostile,
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom('$', '(', ')', '`', '"', "'", ';', '|', '&', '-', ' ', '\n', 'a', '\\', '*'),
    maxLength: 12,
  }),
  fc.tuple(hostile, fc.string({ maxLength: 8 })).map(([a, b]) => `${a}${b}`),
);
const specs: (ParamSpec | undefined)[] = [undefined, { describe: 'free text' }];

describe('a parameter value is refused or reaches the program as exactly one argument', () => {
  it('for any generated value, with and without a description', async () => {
    await fc.assert(
      fc.asyncProperty(
        values,
        fc.constantFrom(0, 1, 2),
        fc.constantFrom(0, 1),
        async (value, which, specIndex) => {
          const step = STEPS[which] as (typeof STEPS)[number];
          // the command that runs never contains the value: its tree is the same for every value
          expect(step.params).toEqual(['value']);
          expect(treeOf(step.runs ?? '')).toBe(TREES[which]);
          expect(step.runs).not.toContain(value === '' ? '\0' : value.length > 3 ? value : '\0');
          const refused = checkParamValue('value', value, specs[specIndex]);
          if (refused !== null) {
            expect(refused).toMatch(/^value /);
            return;
          }
          const result = await runner.run(step, { params: { value } });
          expect(result.status).toBe('pass');
          expect(result.output).toBe(redactor(`1|${value}|end`));
        },
      ),
      { numRuns: 80 },
    );
  }, 120_000);

  it('refuses to run a step whose value is missing, without starting a process', async () => {
    const result = await runner.run(STEPS[0] as (typeof STEPS)[number], { params: {} });
    expect(result.status).toBe('error');
    expect(englishVerdict(result.detail)).toContain('value');
    expect(result.exitCode).toBeNull();
  });
});
