import { describe, expect, it } from 'vitest';
import { requiredReportLabels } from '../../../src/core/incidents/report-fields.ts';
import { validateReportInput } from '../../../src/core/incidents/validate-report-input.ts';
import {
  renderReportModal,
  reportBlockId,
  reportErrorsByBlock,
  reportValuesFromState,
} from '../../../src/render/slack/render-report-modal.ts';
import type { TemplateField } from '../../../src/runbook/model.ts';
import { apiDownBound } from './incident-deps.ts';

const english: TemplateField[] = [
  { label: 'Start time', fill: 'startedAt', hint: null },
  { label: 'Root cause', fill: 'manual', hint: 'why it happened' },
  { label: 'Follow-up', fill: 'manual', hint: null },
];

describe('validateReportInput (report modal)', () => {
  it('requires the root cause', async () => {
    const { runbook } = await apiDownBound();
    expect(requiredReportLabels(runbook.template)).toEqual(['Causa raiz']);
    expect(requiredReportLabels(english)).toEqual(['Root cause']);
    for (const missing of [undefined, null, '', '   \n ']) {
      const result = validateReportInput(
        runbook.template,
        { 'Causa raiz': missing, Impacto: 'ok' },
        { locale: 'pt-BR' },
      );
      expect(result).toEqual({
        ok: false,
        fieldErrors: [{ label: 'Causa raiz', message: 'Campo obrigatório.' }],
      });
    }
  });

  it('limits every field to 3000 characters, errors keyed by block_id', async () => {
    const { runbook } = await apiDownBound();
    const result = validateReportInput(
      runbook.template,
      { 'Causa raiz': 'a'.repeat(3001), Impacto: 'b'.repeat(3001), Prevenção: 'c'.repeat(3000) },
      { locale: 'en' },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(reportErrorsByBlock(result.fieldErrors)).toEqual({
      [reportBlockId('Causa raiz')]: 'At most 3000 characters.',
      [reportBlockId('Impacto')]: 'At most 3000 characters.',
    });
  });

  it('accepts, trims, drops automatic fields, keeps blank optional fields as empty', async () => {
    const { runbook } = await apiDownBound();
    const result = validateReportInput(runbook.template, {
      'Causa raiz': '  Redis OOM \n',
      'Tempo de resolução': '1 h',
      Impacto: null,
      'Não existe': 'x',
    });
    expect(result).toEqual({ ok: true, values: { 'Causa raiz': 'Redis OOM', Impacto: '', Prevenção: '' } });
  });

  it('reads a submitted view state by the modal block ids', async () => {
    const bound = await apiDownBound();
    const fields = bound.runbook.template;
    const required = requiredReportLabels(fields);
    const view = renderReportModal({
      incident: {
        id: 7,
        runbook: 'api-down',
        channel: 'C1',
        cardTs: null,
        status: 'investigating',
        openedBy: 'U0ANA',
        openedAt: 0,
        resolvedBy: null,
        resolvedAt: null,
        symptoms: [],
        manyUsers: false,
        report: {},
      },
      fields,
      suggestions: {},
      locale: 'pt-BR',
      required,
    });
    const inputs = view.blocks.filter((block) => block.type === 'input');
    expect(inputs.map((block) => [block.block_id, 'optional' in block ? block.optional : undefined])).toEqual(
      [
        ['field:Causa raiz', false],
        ['field:Impacto', true],
        ['field:Prevenção', true],
      ],
    );
    const state = {
      'field:Causa raiz': { value: { type: 'plain_text_input', value: 'Redis OOM' } },
      'field:Impacto': { value: { type: 'plain_text_input', value: null } },
    };
    expect(reportValuesFromState(fields, state)).toEqual({ 'Causa raiz': 'Redis OOM', Impacto: null });
  });
});
