import { type CardNotice, isWebLink } from '../../render/common/card-notice.ts';
import type { Locale } from '../../render/i18n/locale.ts';
import type { TimelineEntry } from '../../store/records.ts';
import { describePage } from '../pages/deliver-page.ts';
import type { PageTimelineData } from '../pages/plan-pages.ts';
import { alertTexts } from './alert-texts.ts';
import type { AlertTimelineData } from './handle-alert.ts';

const MAX_LABELS = 6;

/** `job=api, instance=api-1:3000` (alertname left out: it is the name). */
export function labelsText(labels: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(labels).filter(([name]) => name !== 'alertname');
  const shown = pairs.slice(0, MAX_LABELS).map(([name, value]) => `${name}=${value}`);
  if (pairs.length > MAX_LABELS) shown.push('…');
  return shown.join(', ');
}

/** What an alert says in one line: name, labels, summary. */
export function alertLine(data: Pick<AlertTimelineData, 'name' | 'labels' | 'summary'>): string {
  const labels = labelsText(data.labels);
  return [data.name, labels ? `(${labels})` : '', data.summary ? `— ${data.summary}` : '']
    .filter(Boolean)
    .join(' ');
}

/**
 * The card's lines about alerts and pages, from the timeline: the alert that opened the incident
 * (with a link to its graph), how many alerts are firing and resolved, and each pager's last answer.
 */
export function cardNotices(timeline: readonly TimelineEntry[], locale: Locale): CardNotice[] {
  const texts = alertTexts(locale);
  const notices: CardNotice[] = [];
  const alerts = timeline.filter((entry) => entry.kind === 'alert');
  const opener = alerts.find((entry) => entry.data.opened === true);
  if (opener) {
    const data = opener.data as AlertTimelineData;
    notices.push({
      icon: 'alert',
      text: `${texts.openedBy} ${alertLine(data)}`,
      link: isWebLink(data.generatorURL) ? { url: data.generatorURL, label: texts.source } : null,
    });
  }
  const latest = new Map<string, string>();
  for (const entry of alerts) latest.set(String(entry.data.fingerprint), String(entry.data.status));
  const resolved = [...latest.values()].filter((status) => status === 'resolved').length;
  if (latest.size > 1 || resolved > 0) {
    notices.push({
      icon: resolved === latest.size ? 'alert_resolved' : 'alerts',
      text: texts.alertsCount(latest.size - resolved, resolved),
    });
  }
  const pages = new Map<string, PageTimelineData>();
  for (const entry of timeline) {
    if (entry.kind !== 'page') continue;
    const data = entry.data as PageTimelineData;
    pages.set(`${data.dedupKey} ${data.pager} ${data.action}`, data);
  }
  for (const data of pages.values()) {
    const icon =
      data.accepted === true ? 'page_accepted' : data.accepted === false ? 'page_refused' : 'page_pending';
    notices.push({ icon, text: describePage(locale, data) });
  }
  return notices;
}
