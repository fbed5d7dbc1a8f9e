import type { Incident } from '../../store/records.ts';
import type { BoundRunbook } from '../catalog.ts';
import type { CoreDeps } from '../core-deps.ts';
import { UserError } from '../errors.ts';

/** The incident, or a UserError `not_found` that says which id. */
export function requireIncident(deps: Pick<CoreDeps, 'store'>, incidentId: number): Incident {
  const incident = deps.store.getIncident(incidentId);
  if (!incident) {
    throw new UserError(
      'not_found',
      `incident #${incidentId} not found`,
      'list them with `runbook-bot incidents list --all`',
    );
  }
  return incident;
}

/** The incident's runbook from the catalog, or a UserError `not_found` (runbook removed or renamed). */
export function requireRunbook(deps: Pick<CoreDeps, 'catalog'>, incident: Incident): BoundRunbook {
  const bound = deps.catalog.byRunbookId(incident.runbook);
  if (!bound) {
    throw new UserError(
      'not_found',
      `runbook "${incident.runbook}" of incident #${incident.id} is not loaded`,
      'check RUNBOOKS_DIR and run `runbook-bot lint`',
    );
  }
  return bound;
}
