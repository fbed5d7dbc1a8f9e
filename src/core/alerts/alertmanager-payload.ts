import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * Alertmanager's webhook payload, version 4 (also what Grafana's webhook contact point sends; its
 * extra fields are ignored). Only what the bot uses is required.
 */
const labelSet = z.record(z.string(), z.string());

const alertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: labelSet,
  annotations: labelSet.default({}),
  startsAt: z.string().min(1),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().min(1).optional(),
});

export const alertmanagerPayloadSchema = z.object({
  version: z.string().optional(),
  groupKey: z.string().optional(),
  status: z.enum(['firing', 'resolved']).optional(),
  receiver: z.string().optional(),
  externalURL: z.string().optional(),
  alerts: z.array(alertSchema).max(10_000),
});

export type AlertmanagerPayload = z.output<typeof alertmanagerPayloadSchema>;

/** One alert as the bot keeps it (fingerprint always set). */
export interface ReceivedAlert {
  status: 'firing' | 'resolved';
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string | null;
  generatorURL: string | null;
  fingerprint: string;
}

/** Alertmanager's own fingerprint when sent; otherwise a hash of the sorted labels (the same idea). */
export function fingerprintOf(labels: Readonly<Record<string, string>>): string {
  const text = Object.keys(labels)
    .sort()
    .map((name) => `${name}\u0000${labels[name]}`)
    .join('\u0001');
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export type ParsedPayload = { ok: true; alerts: ReceivedAlert[] } | { ok: false; message: string };

/** Text -> the alerts in it, or a message saying exactly what is wrong (first problems, with paths). */
export function parseAlertmanagerPayload(text: string): ParsedPayload {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `malformed JSON: ${(error as Error).message}` };
  }
  const parsed = alertmanagerPayloadSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'body'}: ${issue.message}`);
    return {
      ok: false,
      message: `not an Alertmanager webhook payload (version 4): ${problems.join('; ')}`,
    };
  }
  const alerts = parsed.data.alerts.map((alert) => ({
    status: alert.status,
    name: alert.labels.alertname ?? '(no alertname)',
    labels: alert.labels,
    annotations: alert.annotations,
    startsAt: alert.startsAt,
    endsAt: alert.endsAt && !alert.endsAt.startsWith('0001-') ? alert.endsAt : null,
    generatorURL: alert.generatorURL ? alert.generatorURL : null,
    fingerprint: alert.fingerprint ?? fingerprintOf(alert.labels),
  }));
  return { ok: true, alerts };
}
