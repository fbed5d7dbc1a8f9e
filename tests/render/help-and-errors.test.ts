import { describe, expect, it } from 'vitest';
import type { RenderErrorInput } from '../../src/render/slack/render-error.ts';
import { renderError } from '../../src/render/slack/render-error.ts';
import { renderHelp } from '../../src/render/slack/render-help.ts';
import { allText, limitViolations } from './check-limits.ts';
import { at, binding, LOCALES, TIME_ZONE } from './fixtures.ts';

const subcommands = [
  { name: 'diagnose', sectionId: 'diagnostico-rapido', title: 'Diagnóstico rápido', risk: 'read' as const },
  {
    name: 'restart',
    sectionId: 'passo-2-restart-do-servico',
    title: 'PASSO 2: Restart do Serviço',
    risk: 'change' as const,
  },
  {
    name: 'deps',
    sectionId: 'passo-1-verificar-dependencias',
    title: 'PASSO 1: Verificar Dependências',
    risk: 'sensitive' as const,
  },
];
const sections = [
  { id: 'diagnostico-rapido', title: 'DIAGNÓSTICO RÁPIDO' },
  { id: 'problema-erro-de-conexao-com-redis', title: 'Problema: Erro de conexão com Redis' },
];

describe('renderHelp', () => {
  it.each(LOCALES)('lists subcommands, sections and who approves (%s)', (locale) => {
    const message = renderHelp({
      binding,
      commandName: '/apidown',
      subcommands,
      sections,
      canApprove: false,
      locale,
    });
    expect(message).toMatchSnapshot();
    expect(limitViolations(message)).toEqual([]);
  });

  it('tells an approver they may approve', () => {
    const message = renderHelp({
      binding,
      commandName: '/apidown',
      subcommands,
      sections,
      canApprove: true,
      locale: 'en',
    });
    expect(allText(message)).toContain('✅ You may approve changes requested by others.');
  });

  it('stays within limits with hundreds of sections', () => {
    const many = Array.from({ length: 400 }, (_, i) => ({
      id: `secao-${i}-${'x'.repeat(40)}`,
      title: `Seção ${i}`,
    }));
    const message = renderHelp({
      binding,
      commandName: '/apidown',
      subcommands,
      sections: many,
      canApprove: false,
      locale: 'pt-BR',
    });
    expect(limitViolations(message)).toEqual([]);
  });
});

const cases = (locale: 'pt-BR' | 'en'): RenderErrorInput[] => [
  {
    kind: 'unknown_subcommand',
    params: { commandName: '/apidown', given: 'diagnos', suggestion: 'diagnose' },
    locale,
  },
  { kind: 'not_in_channel', params: {}, locale },
  { kind: 'channel_not_allowed', params: { commandName: '/apidown', channels: ['C0123ABC'] }, locale },
  { kind: 'already_running', params: { sectionTitle: 'Diagnóstico rápido', startedBy: 'U0ANA' }, locale },
  { kind: 'internal', params: { ref: 'abc123' }, locale },
  { kind: 'not_approver', params: { approvers: binding.approvers }, locale },
  { kind: 'self_approval', params: {}, locale },
  {
    kind: 'approval_expired',
    params: {
      expiredAt: at(14, 19, 30),
      timeZone: TIME_ZONE,
      commandName: '/apidown',
      subcommand: 'restart',
    },
    locale,
  },
  { kind: 'approval_not_found', params: {}, locale },
  { kind: 'approval_decided', params: { state: 'denied' }, locale },
  { kind: 'locked', params: { service: 'atendechat-api' }, locale },
  { kind: 'circuit_open', params: { service: 'atendechat-api', count: 3, limit: 3 }, locale },
  { kind: 'incident_resolved', params: { incidentId: 7 }, locale },
  { kind: 'no_incident', params: { commandName: '/apidown' }, locale },
  { kind: 'user_error', params: { message: 'Seção <x> não existe', hint: 'Use `/apidown help`' }, locale },
];

describe('renderError', () => {
  it.each(LOCALES)('renders every kind (%s)', (locale) => {
    const rendered = cases(locale).map((input) => ({ kind: input.kind, ...renderError(input) }));
    expect(rendered).toMatchSnapshot();
    for (const message of rendered) expect(limitViolations(message)).toEqual([]);
  });

  it('suggests the closest subcommand and gives an internal ref', () => {
    const [unknown, , , , internal] = cases('en').map(renderError);
    expect(allText(unknown!)).toContain('Did you mean `/apidown diagnose`?');
    expect(allText(internal!)).toContain('Internal error, ref `abc123`');
    const pt = renderError({
      kind: 'unknown_subcommand',
      params: { commandName: '/apidown', given: 'x', suggestion: null },
      locale: 'pt-BR',
    });
    expect(allText(pt)).toContain('Veja `/apidown help`');
  });

  it('escapes user text', () => {
    const message = renderError({
      kind: 'user_error',
      params: { message: '<!channel> & <@U1>' },
      locale: 'en',
    });
    expect(allText(message)).toContain('&lt;!channel&gt; &amp; &lt;@U1&gt;');
  });
});
