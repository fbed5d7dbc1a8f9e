import { describe, expect, it } from 'vitest';
import { renderIncidentReport } from '../../src/render/markdown/render-incident-report.ts';
import { renderFinalReport } from '../../src/render/slack/render-final-report.ts';
import {
  REPORT_CALLBACK_ID,
  renderReportModal,
  reportBlockId,
} from '../../src/render/slack/render-report-modal.ts';
import { allText, limitViolations } from './check-limits.ts';
import { at, incident, LOCALES, resolvedIncident, TIME_ZONE, template, timeline } from './fixtures.ts';

const reportInput = (locale: 'pt-BR' | 'en') => ({
  incident: resolvedIncident,
  runbookTitle: 'RUNBOOK: API DOWN',
  fields: template,
  timeline,
  locale,
  timeZone: TIME_ZONE,
  now: at(14, 20),
});

describe('renderIncidentReport (Markdown)', () => {
  it.each(LOCALES)('fills every template field of a resolved incident (%s)', (locale) => {
    expect(renderIncidentReport(reportInput(locale))).toMatchSnapshot();
  });

  it('keeps the runbook labels and order, with times, actors and duration', () => {
    const markdown = renderIncidentReport(reportInput('pt-BR'));
    expect(markdown.startsWith('# Incidente #7 — RUNBOOK: API DOWN\n')).toBe(true);
    expect(markdown).toContain('- **Timestamp do início**: 2026-11-29 14:02:10');
    expect(markdown).toContain('- **Timestamp da resolução**: 2026-11-29 14:16:42');
    expect(markdown).toContain('- **Tempo de resolução**: 14 min 32 s');
    expect(markdown).toContain('  - 14:11:05 · @U0BRUNO · restart aprovado');
    expect(markdown).toContain('  - 14:12:00 · carla (CLI) · runbook-bot run api-down verify — 4/4 ok');
    expect(markdown).toContain('- **Prevenção**: _(não preenchido)_');
    const labels = [...markdown.matchAll(/^- \*\*(.+?)\*\*:/gm)].map((m) => m[1]);
    expect(labels).toEqual(template.map((field) => field.label));
  });

  it('reports an open incident as ongoing', () => {
    const markdown = renderIncidentReport({ ...reportInput('en'), incident, userNames: { U0ANA: 'ana' } });
    expect(markdown).toContain('- **Timestamp da resolução**: _(ongoing)_');
    expect(markdown).toContain('- **Tempo de resolução**: 17 min 50 s so far');
    expect(markdown).toContain('· @ana ·');
  });
});

describe('renderFinalReport (Slack)', () => {
  it.each(LOCALES)('posts the filled template in the thread (%s)', (locale) => {
    const message = renderFinalReport({ ...reportInput(locale), fileAttached: true });
    expect(message).toMatchSnapshot();
    expect(limitViolations(message)).toEqual([]);
    expect(allText(message)).toContain('<@U0BRUNO>');
  });

  it('stays within limits with a long timeline', () => {
    const long = Array.from({ length: 500 }, (_, i) => ({
      ...timeline[0]!,
      id: i,
      summary: `ação ${i} <x> & y`,
    }));
    const message = renderFinalReport({ ...reportInput('pt-BR'), timeline: long });
    expect(limitViolations(message)).toEqual([]);
    expect(allText(message)).not.toContain('<x>');
  });
});

describe('renderReportModal', () => {
  it.each(LOCALES)('opens a modal with one input per manual field (%s)', (locale) => {
    const view = renderReportModal({
      incident,
      fields: template,
      suggestions: { 'Causa raiz': 'Redis inacessível (ECONNREFUSED redis:6379)' },
      locale,
      required: ['Causa raiz'],
    });
    expect(view).toMatchSnapshot();
    expect(view.callback_id).toBe(REPORT_CALLBACK_ID);
    expect(view.private_metadata).toBe('7');
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    const inputs = view.blocks.filter((block) => block.type === 'input');
    expect(inputs.map((block) => block.block_id)).toEqual(
      ['Causa raiz', 'Impacto', 'Prevenção'].map(reportBlockId),
    );
  });

  it('keeps what a person already wrote over a suggestion', () => {
    const view = renderReportModal({
      incident: { ...incident, report: { 'Causa raiz': 'escrito à mão' } },
      fields: template,
      suggestions: { 'Causa raiz': 'sugestão' },
      locale: 'pt-BR',
    });
    expect(JSON.stringify(view)).toContain('"initial_value":"escrito à mão"');
    expect(JSON.stringify(view)).not.toContain('sugestão');
  });
});
