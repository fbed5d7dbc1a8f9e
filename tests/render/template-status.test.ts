import { describe, expect, it } from 'vitest';
import { fillTemplate, templateStatus } from '../../src/render/common/fill-template.ts';
import type { Incident } from '../../src/store/records.ts';
import { incident, NOW, resolvedIncident, TIME_ZONE, template, timeline } from './fixtures.ts';

const cases: Array<[string, Incident, typeof timeline]> = [
  ['open, with symptoms and a timeline', incident, timeline],
  ['open, nothing yet', { ...incident, symptoms: [], report: {} }, []],
  ['open, a report field of blanks', { ...incident, report: { 'Causa raiz': '  \n ' } }, timeline],
  ['resolved, with a report', resolvedIncident, timeline],
];

describe('templateStatus (what the card shows of the template)', () => {
  it.each(cases)('agrees with fillTemplate on every field: %s', (_name, subject, entries) => {
    const filled = fillTemplate({
      fields: template,
      incident: subject,
      timeline: entries,
      locale: 'en',
      timeZone: TIME_ZONE,
      now: NOW,
      formatActor: (actor) => actor,
      formatText: (text) => text,
    });
    expect(templateStatus({ fields: template, incident: subject, timeline: entries })).toEqual(
      filled.map(({ label, fill, filled: done }) => ({ label, fill, filled: done })),
    );
  });
});
