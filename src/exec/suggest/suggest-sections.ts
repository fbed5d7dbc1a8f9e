import type { Binding } from '../../runbook/binding/binding-schema.ts';
import type { Runbook, Section } from '../../runbook/model.ts';
import { foldText } from '../fold-text.ts';
import { isErrorLine } from '../judge/error-line.ts';
import type { StepResult, Suggestion, VerdictDetail } from '../step-result.ts';
import { deriveKeywords, matchKeywords } from './derive-keywords.ts';

const MAX_SUGGESTIONS = 3;
const TROUBLESHOOTING = /problem|troubleshoot|\berros?\b|\berrors?\b|falha|failure|issue/;

export interface SuggestOptions {
  runbook: Runbook;
  results: readonly StepResult[];
  binding?: Pick<Binding, 'suggestions'>;
  /** The section just run: never suggested, nor its sub-sections or parents. */
  exclude?: string;
}

/**
 * Troubleshooting sections that fit what failed: lines of failing outputs (and error lines of
 * informational logs) matched against each section's keywords. Ranked by how much evidence
 * points there, then document order; at most 3, each with the line that matched best.
 */
export function suggestSections(options: SuggestOptions): Suggestion[] {
  const candidates = candidateSections(options);
  if (candidates.length === 0) return [];
  const keywords = deriveKeywords(candidates, options.binding?.suggestions ?? {});
  const evidence = evidenceLines(options.results);
  const ranked: { section: Section; score: number; line: string; order: number }[] = [];
  candidates.forEach((section, order) => {
    const words = keywords.get(section.id) ?? [];
    let score = 0;
    let best: { line: string; strength: number } | null = null;
    for (const { line, weight } of evidence) {
      const matched = matchKeywords(words, line).length;
      if (matched === 0) continue;
      const strength = matched * weight + (isErrorLine(line) ? 1 : 0);
      score += strength;
      if (!best || strength > best.strength) best = { line, strength };
    }
    if (best) ranked.push({ section, score, line: best.line, order });
  });
  ranked.sort((a, b) => b.score - a.score || a.order - b.order);
  return ranked.slice(0, MAX_SUGGESTIONS).map(({ section, line }) => ({
    sectionId: section.id,
    title: section.title,
    // The whole line (renderers shorten it for display): the report's root cause quotes it.
    evidence: evidenceLine(line),
  }));
}

/** Lines worth reading: all lines of failed steps, only error lines of informational ones. */
function evidenceLines(results: readonly StepResult[]): { line: string; weight: number }[] {
  const lines: { line: string; weight: number }[] = [];
  for (const result of results) {
    if (result.status === 'pass' || result.status === 'skipped' || result.risk === 'wait') continue;
    const weight = result.status === 'info' ? 1 : 2;
    // The verdict can name what the output does not ("redis: stopped (not listed by compose ps)").
    if (result.status !== 'info') {
      for (const line of verdictEvidence(result.detail)) lines.push({ line, weight });
    }
    for (const line of result.output.split('\n')) {
      if (line.trim().length === 0) continue;
      if (result.status === 'info' && !isErrorLine(line)) continue;
      lines.push({ line, weight });
    }
  }
  return lines;
}

/** The words of a verdict that come from the host (what was seen, the missing program), not from us. */
function verdictEvidence(detail: VerdictDetail): string[] {
  switch (detail.kind) {
    case 'expected_got':
      return detail.got === null ? [] : [detail.got];
    case 'exit_code':
      return detail.line === null ? [] : [detail.line];
    case 'not_found':
      return [detail.program];
    case 'spawn_error':
    case 'interrupted':
      return [detail.message];
    case 'bad_cwd':
      return [detail.cwd];
    default:
      return [];
  }
}

/**
 * Leaf sections with command steps that look like troubleshooting (by their title or a parent's)
 * or that the binding names; all sections with steps when no title looks like troubleshooting.
 */
function candidateSections(options: SuggestOptions): Section[] {
  const { runbook } = options;
  const byId = new Map(runbook.sections.map((section) => [section.id, section]));
  const lineage = (section: Section): Section[] => {
    const chain: Section[] = [];
    for (let current: Section | undefined = section; current; current = byId.get(current.parent ?? '')) {
      chain.push(current);
      if (chain.length > runbook.sections.length) break;
    }
    return chain;
  };
  const excluded = (section: Section): boolean => {
    if (!options.exclude) return false;
    if (lineage(section).some((ancestor) => ancestor.id === options.exclude)) return true;
    const run = byId.get(options.exclude);
    return run !== undefined && lineage(run).some((ancestor) => ancestor.id === section.id);
  };
  const named = new Set(Object.keys(options.binding?.suggestions ?? {}));
  const runnable = runbook.sections.filter(
    (section) => section.steps.some((step) => step.kind === 'command') && !excluded(section),
  );
  const looksLikeTroubleshooting = (section: Section): boolean =>
    lineage(section).some((ancestor) => TROUBLESHOOTING.test(foldText(ancestor.title)));
  const anyTroubleshooting = runbook.sections.some(looksLikeTroubleshooting);
  const chosen = runnable.filter(
    (section) => named.has(section.id) || !anyTroubleshooting || looksLikeTroubleshooting(section),
  );
  return chosen.filter(
    (section) =>
      named.has(section.id) || !chosen.some((other) => other !== section && other.parent === section.id),
  );
}

const MAX_EVIDENCE = 500;

function evidenceLine(line: string): string {
  const clean = line.trim().replace(/\s+/g, ' ');
  return clean.length > MAX_EVIDENCE ? `${clean.slice(0, MAX_EVIDENCE - 1)}…` : clean;
}
