import { describe, expect, it } from 'vitest';
import type { ApprovalCardInput } from '../../src/render/slack/render-approval-card.ts';
import { renderApprovalCard } from '../../src/render/slack/render-approval-card.ts';
import type { Approval } from '../../src/store/records.ts';
import { allText, buttons, limitViolations } from './check-limits.ts';
import {
  approval,
  at,
  binding,
  health503,
  LOCALES,
  NOW,
  psApiUnhealthy,
  restartSteps,
  TIME_ZONE,
} from './fixtures.ts';

const input = (locale: 'pt-BR' | 'en', overrides: Partial<Approval> = {}): ApprovalCardInput => ({
  approval: { ...approval, ...overrides },
  sectionTitle: 'Restart do Serviço',
  steps: restartSteps,
  checks: [health503, psApiUnhealthy],
  approvers: binding.approvers,
  locale,
  now: NOW,
  timeZone: TIME_ZONE,
});

const decided = { decidedBy: 'U0BRUNO', decidedAt: at(14, 11, 5) };
const outcome = { changeMs: 2300, healthyAfterMs: 14_000, verify: { passed: 4, total: 4 } };

describe('renderApprovalCard', () => {
  it.each(LOCALES)('renders the pending card with approve/deny (%s)', (locale) => {
    const message = renderApprovalCard(input(locale));
    expect(message).toMatchSnapshot();
    expect(limitViolations(message)).toEqual([]);
    expect(buttons(message)).toEqual([
      { action_id: 'approve', value: 'apr_01JD7Q3M8K' },
      { action_id: 'deny', value: 'apr_01JD7Q3M8K' },
    ]);
  });

  it('reads like the design sketch', () => {
    const text = allText(renderApprovalCard(input('pt-BR')));
    expect(text).toContain(
      '🔁 Restart do Serviço pedido por <@U0ANA> — aguardando aprovação (expira às 14:19)',
    );
    expect(text).toContain(
      '1. `docker compose -f compose.prod.yml restart api`\n2. aguardar health check (até 60 s)',
    );
    expect(text).toContain('*Podem aprovar:* <@U0BRUNO>, <!subteam^S0DEVOPS> (não quem pediu)');
    expect(text).toContain('*Checagem agora:* ❌ Verificar Health Check: esperado 200 OK, obtido HTTP 503');
  });

  it.each(LOCALES)('renders every decided state without buttons (%s)', (locale) => {
    const variants = {
      running: renderApprovalCard(input(locale, { state: 'running', ...decided })),
      succeeded: renderApprovalCard({
        ...input(locale, { state: 'succeeded', ...decided }),
        outcome,
        actionLabel: 'restart',
      }),
      failed: renderApprovalCard({
        ...input(locale, { state: 'failed', ...decided, reason: 'exit code 1: no such service: api' }),
        outcome: { changeMs: 800, healthyAfterMs: null, waitedMs: 60_000, verify: null },
      }),
      denied: renderApprovalCard(input(locale, { state: 'denied', ...decided, reason: 'Redis primeiro' })),
      expired: renderApprovalCard(input(locale, { state: 'expired' })),
      breakGlass: renderApprovalCard(
        input(locale, {
          state: 'running',
          breakGlass: true,
          decidedBy: 'U0ANA',
          decidedAt: at(3, 12),
          reason: 'sozinha de plantão',
        }),
      ),
    };
    expect(variants).toMatchSnapshot();
    for (const message of Object.values(variants)) {
      expect(buttons(message)).toEqual([]);
      expect(limitViolations(message)).toEqual([]);
    }
  });

  it('names the decider and the outcome', () => {
    const succeeded = renderApprovalCard({
      ...input('pt-BR', { state: 'succeeded', ...decided }),
      outcome,
      actionLabel: 'restart',
    });
    expect(allText(succeeded)).toContain(
      '✅ Aprovado por <@U0BRUNO> às 14:11 · restart em 2,3 s · saudável após 14 s · verificação pós-resolução: 4/4 ✅',
    );
    expect(allText(renderApprovalCard(input('pt-BR', { state: 'running', ...decided })))).toContain(
      '✅ Aprovado por <@U0BRUNO> às 14:11 · executando…',
    );
    expect(allText(renderApprovalCard(input('en', { state: 'denied', ...decided })))).toContain(
      '✖ Denied by <@U0BRUNO> at 14:11',
    );
    const glass = renderApprovalCard(
      input('pt-BR', { breakGlass: true, state: 'running', decidedBy: 'U0ANA', reason: 'a & <b>' }),
    );
    expect(allText(glass)).toContain('🚨 BREAK-GLASS por <@U0ANA>: a &amp; &lt;b&gt;');
  });
});
