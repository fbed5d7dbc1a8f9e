import { describe, expect, it } from 'vitest';
import { renderSectionReport } from '../../src/render/terminal/render-section-report.ts';
import { renderStepLine } from '../../src/render/terminal/render-step-line.ts';
import {
  health503,
  LOCALES,
  logsEconnrefused,
  psApiUnhealthy,
  REDIS_ERROR,
  redisDownRun,
  step,
} from './fixtures.ts';

describe('renderStepLine', () => {
  it.each(LOCALES)('prints one line per finished step (%s)', (locale) => {
    const lines = redisDownRun.steps.map((result) => renderStepLine(result, locale));
    expect(lines).toMatchSnapshot();
  });

  it('colours only when asked', () => {
    expect(renderStepLine(health503, 'en')).not.toContain('\u001b[');
    expect(renderStepLine(health503, 'en', { color: true })).toContain('\u001b[31m');
    expect(renderStepLine(health503, 'pt-BR')).toBe(
      '❌ Verificar Health Check · 1,0 s — esperado 200 OK, obtido HTTP 503',
    );
  });
});

describe('renderSectionReport', () => {
  it.each(LOCALES)('reports steps, last output lines and suggestions (%s)', (locale) => {
    expect(renderSectionReport(redisDownRun, locale, { color: false })).toMatchSnapshot();
  });

  it('suggests the CLI command, shows log error samples and at most 5 output lines per step', () => {
    const report = renderSectionReport(redisDownRun, 'en', { color: false });
    expect(report).toContain('runbook-bot run api-down problema-erro-de-conexao-com-redis');
    expect(report).toContain(`   │ ${REDIS_ERROR}`);
    expect(report).toContain(psApiUnhealthy.command);
    const quiet = {
      ...logsEconnrefused,
      detail: { kind: 'log_summary' as const, lines: 62, errorLines: 0, samples: [] },
    };
    const noSamples = renderSectionReport({ ...redisDownRun, steps: [quiet], suggestions: [] }, 'en', {
      color: false,
    });
    expect(noSamples.split('\n').filter((line) => line.startsWith('   │ api-1')).length).toBe(5);
    expect(noSamples).toContain('│ … 57 earlier lines');
  });

  it('strips terminal control sequences from command output', () => {
    const evil = step({
      stepId: 'e',
      title: 'T\u001b]0;pwned\u0007',
      command: 'x',
      status: 'fail',
      output: 'a\u001b[2Jb\u0007c',
    });
    const report = renderSectionReport({ ...redisDownRun, steps: [evil], suggestions: [] }, 'en', {
      color: false,
    });
    expect(report).not.toContain('\u001b');
    expect(report).not.toContain('\u0007');
    expect(report).toContain('│ abc');
  });

  it('uses colours when asked', () => {
    expect(renderSectionReport(redisDownRun, 'en', { color: true })).toMatchSnapshot();
  });
});
