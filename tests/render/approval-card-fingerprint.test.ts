// Issue 12 item 3 on the card: a short fingerprint id, and the "runbook changed" card with a
// button to request again, in both languages.
import { describe, expect, it } from 'vitest';
import { renderApprovalCard } from '../../src/render/slack/render-approval-card.ts';
import { allText, buttons, limitViolations } from './check-limits.ts';
import { approval, at, binding, health503, NOW, restartSteps, TIME_ZONE } from './fixtures.ts';

const FINGERPRINT = `3f2a1c9b${'0'.repeat(56)}`;

const card = (locale: 'pt-BR' | 'en', extra: Record<string, unknown> = {}, stale?: 'runbook_changed') =>
  renderApprovalCard({
    approval: { ...approval, fingerprint: FINGERPRINT, ...extra },
    sectionTitle: 'Restart do Serviço',
    steps: stale ? [] : restartSteps,
    checks: [health503],
    approvers: binding.approvers,
    locale,
    now: NOW,
    timeZone: TIME_ZONE,
    ...(stale ? { stale } : {}),
  });

const changed = {
  state: 'denied',
  decidedBy: 'bot',
  decidedAt: at(14, 11, 5),
  finishedAt: at(14, 11, 5),
  reason: 'the runbook changed since the request',
};

describe('approval card and the fingerprint', () => {
  it('the pending card shows the first 8 hex digits, never the whole hash', () => {
    const pt = allText(card('pt-BR'));
    expect(pt).toContain('impressão 3f2a1c9b');
    expect(pt).not.toContain(FINGERPRINT);
    expect(allText(card('en'))).toContain('fingerprint 3f2a1c9b');
  });

  it.each([
    ['pt-BR', 'O runbook mudou desde o pedido (14:11): nada foi executado', '🔁 Pedir de novo'],
    ['en', 'The runbook changed since the request (14:11): nothing ran', '🔁 Request again'],
  ] as const)(
    'a stale card (%s) says the runbook changed and offers a new request',
    (locale, says, label) => {
      const message = card(locale, changed, 'runbook_changed');
      const text = allText(message);
      expect(text).toContain(says);
      expect(text).toContain(label);
      expect(message.text).toContain(locale === 'en' ? 'the runbook changed' : 'o runbook mudou');
      expect(text).not.toContain('restart api'); // no steps under a decision nobody made
      expect(buttons(message)).toEqual([{ action_id: 'request_again', value: approval.id }]);
      expect(limitViolations(message)).toEqual([]);
    },
  );

  it('a card without a fingerprint (older rows) renders as before', () => {
    const text = allText(card('pt-BR', { fingerprint: null }));
    expect(text).not.toContain('impressão');
  });
});
