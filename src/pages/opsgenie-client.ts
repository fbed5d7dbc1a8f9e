import type { PageEvent, PageOutcome } from '../core/pages/page-types.ts';
import { type HttpDeps, postJson, shortText } from './post-json.ts';

export const OPSGENIE_API_URL = 'https://api.opsgenie.com';

/** Opsgenie limits `message` to 130 characters, `alias` to 512 and `description` to 15000. */
const MESSAGE_MAX = 130;
const ALIAS_MAX = 512;
const DESCRIPTION_MAX = 15_000;

const PRIORITY: Record<PageEvent['severity'], string> = {
  critical: 'P1',
  error: 'P2',
  warning: 'P3',
  info: 'P5',
};

/** Create alert (`POST /v2/alerts`) for a trigger; close by alias for a resolve. */
export function opsgenieRequest(
  baseUrl: string,
  event: PageEvent,
): { url: string; body: Record<string, unknown> } {
  const base = baseUrl.replace(/\/+$/, '');
  const alias = event.dedupKey.slice(0, ALIAS_MAX);
  if (event.action === 'resolve') {
    return {
      url: `${base}/v2/alerts/${encodeURIComponent(alias)}/close?identifierType=alias`,
      body: { source: 'runbook-bot', note: `incident #${event.incident.id} resolved` },
    };
  }
  const description = Object.entries(event.details)
    .map(([key, value]) => `${key}: ${value}`)
    .join('\n');
  return {
    url: `${base}/v2/alerts`,
    body: {
      message: event.summary.slice(0, MESSAGE_MAX),
      alias,
      description: description.slice(0, DESCRIPTION_MAX),
      details: event.details,
      entity: event.incident.runbook,
      source: 'runbook-bot',
      priority: PRIORITY[event.severity],
      tags: ['runbook-bot', event.incident.runbook],
    },
  };
}

/** Sends one event to the Opsgenie Alert API (`OPSGENIE_API_URL` overrides the base, e.g. the EU one). */
export async function sendOpsgenie(
  deps: HttpDeps & { env: Readonly<Record<string, string | undefined>> },
  target: { apiKeyEnv: string },
  event: PageEvent,
): Promise<PageOutcome> {
  const apiKey = deps.env[target.apiKeyEnv]?.trim();
  if (!apiKey)
    return { accepted: false, status: null, detail: `${target.apiKeyEnv} is not set; nothing was sent` };
  const { url, body } = opsgenieRequest(deps.env.OPSGENIE_API_URL?.trim() || OPSGENIE_API_URL, event);
  const answer = await postJson(deps, {
    url,
    headers: { authorization: `GenieKey ${apiKey}` },
    body: JSON.stringify(body),
  });
  return {
    accepted: answer.status === 202 || answer.status === 200,
    status: answer.status,
    detail: describe(answer),
  };
}

function describe(answer: { status: number; text: string }): string {
  try {
    const json = JSON.parse(answer.text) as { result?: unknown; message?: unknown };
    const text =
      typeof json.result === 'string' ? json.result : typeof json.message === 'string' ? json.message : '';
    return shortText(`${answer.status} ${text}`);
  } catch {
    return shortText(`${answer.status} ${answer.text}`);
  }
}
