import { describeSymptom } from '../../render/common/describe-verdict.ts';
import type { Locale } from '../../render/i18n/locale.ts';
import { t } from '../../render/i18n/messages.ts';
import type { Section } from '../../runbook/model.ts';
import type { Incident, TimelineEntry } from '../../store/records.ts';
import { type BoundRunbook, commandSteps, findSection } from '../catalog.ts';
import type { CoreDeps } from '../core-deps.ts';
import { requireRunbook } from './find-incident.ts';
import { incidentTexts } from './incident-texts.ts';
import { manualFieldKind, manualFields } from './report-fields.ts';

const ERROR_CODE = /\b(ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|ECONNRESET|EAI_AGAIN)\b/;
const HOST_PORT = /\b([a-z0-9][\w.-]*):(\d{2,5})\b/gi;
const IP = /^\d{1,3}(\.\d{1,3}){3}$/;
const GENERIC_HOSTS = new Set(['localhost', '127.0.0.1', '0.0.0.0']);

/**
 * Prefill suggestions for the report modal's manual fields, from the evidence the incident holds:
 * root cause from error lines (`ECONNREFUSED redis:6379` -> "Redis inacessível (ECONNREFUSED
 * redis:6379)"), else the troubleshooting section the diagnosis pointed to, else the symptoms;
 * impact from "many users affected"; prevention from the matched troubleshooting section.
 * Fields already written, and fields with no evidence, get no suggestion.
 */
export function suggestReport(
  deps: Pick<CoreDeps, 'store' | 'catalog'>,
  incident: Incident,
): Record<string, string> {
  const bound = requireRunbook(deps, incident);
  return suggestFromEvidence(bound, incident, deps.store.listTimeline(incident.id));
}

export function suggestFromEvidence(
  bound: BoundRunbook,
  incident: Incident,
  timeline: readonly TimelineEntry[],
): Record<string, string> {
  const locale = bound.binding.locale;
  const texts = incidentTexts(locale);
  const matched = matchedSection(bound, timeline);
  const evidence = errorEvidence([...timeline].flatMap(entryStrings), locale);
  const suggestions: Record<string, string> = {};
  for (const field of manualFields(bound.runbook.template)) {
    if (incident.report[field.label]?.trim()) continue;
    let text: string | null = null;
    switch (manualFieldKind(field.label)) {
      case 'rootCause':
        text = evidence ?? (matched ? problemName(matched) : symptomsText(incident, texts.toConfirm, locale));
        break;
      case 'impact':
        text = incident.manyUsers ? texts.manyUsers : null;
        break;
      case 'prevention':
        text = matched ? preventionText(matched, texts) : null;
        break;
      default:
        text = null;
    }
    if (text) suggestions[field.label] = text;
  }
  return suggestions;
}

/** "Problema: Erro de conexão com Redis" -> "Erro de conexão com Redis". */
function problemName(section: Section): string {
  return section.title.replace(/^\s*(problema|problem|issue|erro|error)\s*:\s*/i, '').trim() || section.title;
}

function preventionText(section: Section, texts: ReturnType<typeof incidentTexts>): string {
  const checks = [...new Set(commandSteps(section.steps).map((step) => step.title))];
  return checks.length > 0
    ? texts.prevention(problemName(section), checks.join('; '))
    : texts.preventionNoChecks(problemName(section));
}

function symptomsText(
  incident: Incident,
  toConfirm: (symptoms: string) => string,
  locale: Locale,
): string | null {
  if (incident.symptoms.length === 0) return null;
  const symptoms = incident.symptoms.map(
    (symptom) => `${symptom.title} — ${describeSymptom(symptom, locale)}`,
  );
  return toConfirm(symptoms.join('; '));
}

/**
 * The troubleshooting section the evidence points to: the first suggestion a section run recorded
 * (its `data.suggestions`: ids, or objects with `sectionId`), else a troubleshooting section someone ran.
 */
function matchedSection(bound: BoundRunbook, timeline: readonly TimelineEntry[]): Section | null {
  const ordered = [...timeline].sort((a, b) => a.at - b.at || a.id - b.id);
  for (const entry of ordered) {
    if (entry.kind !== 'section_run') continue;
    const list = entry.data.suggestions;
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      const id = typeof item === 'string' ? item : sectionIdOf(item);
      const section = id ? findSection(bound.runbook, id) : undefined;
      if (section) return section;
    }
  }
  for (const entry of ordered) {
    const id = entry.kind === 'section_run' ? entry.data.sectionId : undefined;
    const section = typeof id === 'string' ? findSection(bound.runbook, id) : undefined;
    if (section && /^\s*(problema|problem|issue)\b/i.test(section.title)) return section;
  }
  return null;
}

function sectionIdOf(item: unknown): string | null {
  if (item && typeof item === 'object' && 'sectionId' in item) {
    const id = (item as { sectionId: unknown }).sectionId;
    return typeof id === 'string' ? id : null;
  }
  return null;
}

/** Every string in a timeline entry (summary and structured data), where error lines may hide. */
function entryStrings(entry: TimelineEntry): string[] {
  const out: string[] = [entry.summary];
  const walk = (value: unknown, depth: number): void => {
    if (depth > 6) return;
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) for (const item of value) walk(item, depth + 1);
    else if (value && typeof value === 'object')
      for (const item of Object.values(value)) walk(item, depth + 1);
  };
  walk(entry.data, 0);
  return out;
}

/**
 * "Redis inacessível (ECONNREFUSED redis:6379)" from a line such as "Redis connection to
 * redis:6379 failed - connect ECONNREFUSED 172.18.0.3:6379": a named host beats an IP address.
 * When the line with the error code names only an IP ("connect ECONNREFUSED 172.18.0.3:6379"),
 * a host named on another line with the same port ("Redis connection to redis:6379 failed…",
 * cut before its code) names the service.
 */
export function errorEvidence(lines: readonly string[], locale: Locale): string | null {
  const all = lines.flatMap((text) => text.split('\n'));
  const namedByPort = new Map<string, string>();
  for (const line of all) {
    for (const endpoint of endpointsOf(line)) {
      if (isNamed(endpoint.host) && !namedByPort.has(endpoint.port))
        namedByPort.set(endpoint.port, endpoint.host);
    }
  }
  let byPort: string | null = null;
  let fallback: string | null = null;
  for (const line of all) {
    const code = ERROR_CODE.exec(line)?.[1];
    if (!code) continue;
    const endpoints = endpointsOf(line);
    const named = endpoints.find((endpoint) => isNamed(endpoint.host));
    if (named) return unreachable(locale, named.host, `${code} ${named.host}:${named.port}`);
    const endpoint = endpoints[0];
    const host = endpoint ? namedByPort.get(endpoint.port) : undefined;
    if (endpoint && host) byPort ??= unreachable(locale, host, `${code} ${host}:${endpoint.port}`);
    fallback ??= unreachable(locale, null, endpoint ? `${code} ${endpoint.host}:${endpoint.port}` : code);
  }
  return byPort ?? fallback;
}

function endpointsOf(line: string): { host: string; port: string }[] {
  return [...line.matchAll(HOST_PORT)]
    .map((match) => ({ host: match[1] ?? '', port: match[2] ?? '' }))
    .filter((endpoint) => !/^\d+$/.test(endpoint.host));
}

function isNamed(host: string): boolean {
  return !IP.test(host) && !GENERIC_HOSTS.has(host.toLowerCase());
}

/** "Redis inacessível (…)" for host `redis` (or `redis.internal`); "Serviço inacessível (…)" without a name. */
function unreachable(locale: Locale, host: string | null, evidence: string): string {
  const service = host ? capitalize(host.split('.')[0] ?? host) : t(locale, 'suggest.service');
  return incidentTexts(locale).unreachable(service, evidence);
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
