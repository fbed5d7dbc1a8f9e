import type { Locale } from '../../render/i18n/locale.ts';
import type { TemplateField } from '../../runbook/model.ts';
import type { Incident, TimelineEntry } from '../../store/records.ts';
import type { BoundRunbook } from '../catalog.ts';
import type { CoreDeps } from '../core-deps.ts';
import { UserError } from '../errors.ts';
import { requireIncident, requireRunbook } from './find-incident.ts';
import { validateReportInput } from './validate-report-input.ts';

export { suggestReport } from './suggest-report.ts';
export { validateReportInput } from './validate-report-input.ts';

/**
 * Everything the report renderers take (renderIncidentReport, renderFinalReport; the card's
 * fillTemplate): the runbook's template in its order, the timeline, the incident, the title.
 */
export interface IncidentReport {
  incident: Incident;
  runbookTitle: string;
  fields: TemplateField[];
  timeline: TimelineEntry[];
  locale: Locale;
  timeZone: string;
  now: number;
  /** Opened -> resolved, or opened -> now while still open. */
  durationMs: number;
  bound: BoundRunbook;
  /** The runbook's sections (id, title): the report names them in the action lines. */
  sections: readonly { id: string; title: string }[];
}

export function buildReport(
  deps: Pick<CoreDeps, 'store' | 'catalog' | 'clock' | 'timeZone'>,
  incident: Incident,
): IncidentReport {
  const bound = requireRunbook(deps, incident);
  const now = deps.clock.now();
  return {
    incident,
    runbookTitle: bound.runbook.title,
    fields: bound.runbook.template,
    timeline: deps.store.listTimeline(incident.id),
    locale: bound.binding.locale,
    timeZone: deps.timeZone,
    now,
    durationMs: (incident.resolvedAt ?? now) - incident.openedAt,
    bound,
    sections: bound.runbook.sections,
  };
}

/**
 * Saves what was typed in the report modal (label -> text), after validating it again. Refused
 * (UserError `conflict`) once the incident is resolved: a resolved report is frozen, nothing is
 * overwritten. Returns the incident with its report merged.
 */
export function saveReportFields(
  deps: Pick<CoreDeps, 'store' | 'catalog' | 'logger'>,
  input: { incidentId: number; values: Readonly<Record<string, string | null | undefined>>; actor: string },
): Incident {
  const incident = requireIncident(deps, input.incidentId);
  if (incident.status === 'resolved') throw resolvedConflict(incident.id);
  const bound = requireRunbook(deps, incident);
  const checked = validateReportInput(bound.runbook.template, input.values, { locale: bound.binding.locale });
  if (!checked.ok) {
    const first = checked.fieldErrors[0];
    throw new UserError('usage', `report field "${first?.label}": ${first?.message}`);
  }
  if (!deps.store.saveReport(incident.id, checked.values)) throw resolvedConflict(incident.id);
  deps.logger.info(
    { incidentId: incident.id, actor: input.actor, fields: Object.keys(checked.values) },
    'incident report saved',
  );
  return requireIncident(deps, incident.id);
}

function resolvedConflict(id: number): UserError {
  return new UserError(
    'conflict',
    `incident #${id} is already resolved; its report can no longer be changed`,
    'nothing was saved',
  );
}
