import { describe, expect, it } from 'vitest';
import type { SectionRun } from '../../src/exec/step-result.ts';
import { renderSectionRun } from '../../src/render/slack/render-section-run.ts';
import { allText, buttons, limitViolations } from './check-limits.ts';
import { health503, healthyStep, LOCALES, REDIS_ERROR, redisDownRun, step } from './fixtures.ts';

const base = { requestedBy: 'U0ANA', commandName: '/apidown', restartAvailable: true, incidentId: 7 };

describe('renderSectionRun', () => {
  it.each(LOCALES)('renders the redis-down diagnosis (%s)', (locale) => {
    const message = renderSectionRun({ ...base, run: redisDownRun, locale });
    expect(message).toMatchSnapshot();
    expect(limitViolations(message)).toEqual([]);
  });

  it('reads like the design sketch in pt-BR', () => {
    const text = allText(renderSectionRun({ ...base, run: redisDownRun, locale: 'pt-BR' }));
    expect(text).toContain('🩺 Diagnóstico rápido — 3 verificações em 1,1 s · pedido por <@U0ANA>');
    expect(text).toContain(
      '`docker compose -f compose.prod.yml ps api` — esperado Up (healthy), obtido Up 12 minutes (unhealthy)',
    );
    expect(text).toContain('ℹ️ *Verificar Logs da API* · 1,0 s — 62 linhas, 2 com erro');
    expect(text).toContain(
      '> Error: Redis connection to redis:6379 failed - connect ECONNREFUSED 172.18.0.3:6379',
    );
    expect(text.split(REDIS_ERROR).length - 1).toBe(1);
    expect(text).toContain(
      '💡 Próximo passo: Problema: Erro de conexão com Redis — `/apidown run problema-erro-de-conexao-com-redis`',
    );
  });

  it('offers run_section per suggestion and request_restart when something failed', () => {
    const message = renderSectionRun({ ...base, run: redisDownRun, locale: 'en' });
    expect(buttons(message)).toEqual([
      { action_id: 'run_section', value: 'problema-erro-de-conexao-com-redis' },
      { action_id: 'request_restart', value: '7' },
    ]);
    const healthy: SectionRun = { ...redisDownRun, steps: [healthyStep(1)], suggestions: [] };
    expect(buttons(renderSectionRun({ ...base, run: healthy, locale: 'en' }))).toEqual([]);
    expect(
      buttons(renderSectionRun({ ...base, run: redisDownRun, locale: 'en', restartAvailable: false })),
    ).toEqual([{ action_id: 'run_section', value: 'problema-erro-de-conexao-com-redis' }]);
  });

  it('stays within 50 blocks for a 60-step section, collapsing passes', () => {
    const steps = Array.from({ length: 60 }, (_, i) =>
      i % 10 === 3 ? { ...health503, stepId: `h${i}` } : healthyStep(i),
    );
    const run: SectionRun = { ...redisDownRun, steps, suggestions: [] };
    const message = renderSectionRun({ ...base, run, locale: 'pt-BR' });
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(limitViolations(message)).toEqual([]);
    expect(allText(message)).toContain('✅ Mais 54 verificações ok');
  });

  it('stays within 50 blocks when all 60 steps fail', () => {
    const steps = Array.from({ length: 60 }, (_, i) => ({
      ...health503,
      stepId: `h${i}`,
      title: `Health ${i}`,
    }));
    const message = renderSectionRun({ ...base, run: { ...redisDownRun, steps }, locale: 'en' });
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(limitViolations(message)).toEqual([]);
    expect(allText(message)).toContain('Health 59');
  });

  it('keeps every section under 3000 characters with 1 MB of output', () => {
    const line = `${'x'.repeat(200)} error <b>&</b>\n`;
    const huge = step({
      stepId: 'logs',
      title: 'Logs'.repeat(400),
      command: `docker compose logs ${'--tail=50 '.repeat(300)}`,
      status: 'fail',
      exitCode: 1,
      output: line.repeat(Math.ceil(1_048_576 / line.length)),
      detail: { kind: 'exit_code', code: 1, line: 'y'.repeat(5000) },
      outputTruncated: true,
      droppedBytes: 1_048_576,
    });
    const message = renderSectionRun({ ...base, run: { ...redisDownRun, steps: [huge] }, locale: 'pt-BR' });
    expect(limitViolations(message)).toEqual([]);
    expect(allText(message)).toContain('📎 saída completa no arquivo (1 MB cortados do meio)');
  });

  it('escapes inserted text', () => {
    const evil = step({
      stepId: 'evil',
      title: '<script>alert(1)</script> & <!channel>',
      command: 'echo "<@U999>" `whoami`',
      status: 'fail',
      exitCode: 1,
      output: '<!here> & <https://evil.example|click>',
      detail: { kind: 'exit_code', code: 1, line: null },
    });
    const run: SectionRun = {
      ...redisDownRun,
      sectionTitle: 'Seção <b>&',
      steps: [evil],
      suggestions: [{ sectionId: 'x', title: '<!everyone>', evidence: '<@U1> & co' }],
    };
    const text = allText(renderSectionRun({ ...base, run, locale: 'en' }));
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!channel&gt;');
    expect(text).toContain('`echo "&lt;@U999&gt;" ˋwhoamiˋ`');
    expect(text).toContain('&lt;!here&gt; &amp; &lt;https://evil.example|click&gt;');
    expect(text).not.toMatch(/<!(here|channel|everyone)>|<script>|<@U999>|<@U1>/);
    expect(text).toContain('<@U0ANA>');
  });
});
