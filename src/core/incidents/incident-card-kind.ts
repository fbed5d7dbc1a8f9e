/** Outbox kind of the incident card's first post (sent by `deliverIncidentCard`). */
export const INCIDENT_CARD = 'incident_card';

/** The card is drawn when it is sent, so a post that waited shows the incident as it is then. */
export interface IncidentCardPayload {
  incidentId: number;
  runbook: string;
}
