import type { Nodes, PhrasingContent, Table } from 'mdast';
import type { EscalationRule, Finding } from '../model.ts';
import {
  fold,
  phrasesRegExp,
  phrasesSource,
  union,
  type Vocabulary,
  WordRegExp,
} from '../vocabulary/index.ts';
import { cleanTitle } from './clean-title.ts';
import { plainText } from './markdown-text.ts';
import type { SectionBlock } from './section-block.ts';

/** Text with the spans written in bold (role names are often bold: "Notify **DBA**"). */
interface Marked {
  text: string;
  bold: [number, number][];
  line: number;
}

const phrases = (pick: (vocabulary: Vocabulary) => readonly string[]) => phrasesRegExp(union(pick));
const NOTIFY_VERB = phrases((v) => v.escalation.notifyVerbs);
const MINUTE_UNIT = union((v) => v.escalation.minuteUnits);
const HOUR_UNIT = union((v) => v.escalation.hourUnits);
const UNIT_SOURCE = [...new Set([...MINUTE_UNIT, ...HOUR_UNIT])]
  .sort((a, b) => b.length - a.length)
  .map((unit) => fold(unit))
  .join('|');
const DURATION = new WordRegExp((c) => `(\\d+(?:[.,]\\d+)?)\\s*(${UNIT_SOURCE})(?!${c.letter})`);
const HALF_HOUR = phrases((v) => v.escalation.halfHour);
const ONE_HOUR = phrases((v) => v.escalation.oneHour);
const HOURS = new Set(HOUR_UNIT.map(fold));
const CONDITION_WORDS = union((v) => v.escalation.conditionWords);
const CONDITION_START = new WordRegExp((c) => `^(?:${phrasesSource(CONDITION_WORDS, c)})`);
const ARTICLES = union((v) => v.escalation.articles);
const ARTICLE = new WordRegExp((c) => `^(?:${phrasesSource(ARTICLES, c)})\\s+`, 'iu');
const NAME_ENDERS = union((v) => v.escalation.nameEnders);
const AFTER_WORDS = union((v) => v.escalation.afterWords);
const NAME_END = new WordRegExp(
  (c) =>
    `\\s+(?:${phrasesSource(NAME_ENDERS, c)})(?:\\s|$)|\\s+(?:${phrasesSource(CONDITION_WORDS, c)})\\s|\\s+(?:${phrasesSource(AFTER_WORDS, c)})\\s+\\d`,
);
const NAME_SEPARATORS = /\s*[,;&/+]\s*|\s+(?:e|and|y)\s+/i;
const TABLE_WHEN = phrases((v) => v.escalation.tableWhen);
const TABLE_NOTIFY = phrases((v) => v.escalation.tableNotify);
const TABLE_ACTIONS = phrases((v) => v.escalation.tableActions);

/** "after 15 minutes", "em 30 min", "1h", "meia hora" -> minutes; null when the text names no time. */
export function minutesIn(text: string): number | null {
  const folded = fold(text);
  const match = DURATION.exec(folded);
  if (match) {
    const value = Number((match[1] ?? '0').replace(',', '.'));
    return Math.round(HOURS.has(match[2] ?? '') ? value * 60 : value);
  }
  if (HALF_HOUR.test(folded)) return 30;
  if (ONE_HOUR.test(folded)) return 60;
  return null;
}

function marked(children: PhrasingContent[], line: number): Marked {
  let text = '';
  const bold: [number, number][] = [];
  for (const child of children) {
    const value = plainText(child);
    if (child.type === 'strong') bold.push([text.length, text.length + value.length]);
    text += value;
  }
  return { text, bold, line };
}

/** "the **DB on-call** via PagerDuty" -> ["DB on-call"]. */
export function splitNames(text: string): string[] {
  return text
    .replace(/\([^)]*\)/g, ' ')
    .split(NAME_SEPARATORS)
    .map((name) => {
      let current = cleanTitle(name).replace(/^[\s:—–-]+/, '');
      for (let i = 0; i < 3 && ARTICLE.test(current); i++) current = ARTICLE.replace(current, '');
      return current.replace(/[.:;!?,]+$/, '').trim();
    })
    .filter((name) => name !== '' && /[\p{L}]/u.test(name) && name.split(/\s+/).length <= 6);
}

interface Reading {
  minutes: number | null;
  /** Text before the notify verb (or the whole text without one), for the condition. */
  before: string;
  hasVerb: boolean;
  names: string[];
}

function readUnit(unit: Marked): Reading {
  const folded = fold(unit.text);
  const verb = NOTIFY_VERB.exec(folded);
  const minutes = minutesIn(unit.text);
  if (!verb)
    return minutes === null
      ? { minutes, before: unit.text, hasVerb: false, names: [] }
      : timeThenNames(unit, minutes);
  const verbEnd = verb.index + verb[0].length;
  const names = unit.bold
    .filter(([start]) => start >= verbEnd)
    .flatMap(([start, end]) => splitNames(unit.text.slice(start, end)));
  if (names.length === 0) {
    const tail = unit.text.slice(verbEnd);
    const stop = NAME_END.exec(fold(tail));
    const cut = tail.slice(0, stop ? stop.index : tail.length).split(/[.;:(—!]|\?\s/)[0] ?? '';
    names.push(...splitNames(cut));
  }
  return { minutes, before: unit.text.slice(0, verb.index), hasVerb: true, names };
}

/** "15 min: **DBA on-call**", "30 minutos → Gerente" — a time, a separator, then who. */
function timeThenNames(unit: Marked, minutes: number): Reading {
  const separator = /\s*(?::|->|→|=>|—|–|\s-\s)\s*/u.exec(unit.text.slice(durationEnd(unit.text)));
  if (!separator) return { minutes, before: unit.text, hasVerb: false, names: [] };
  const start = durationEnd(unit.text) + separator.index + separator[0].length;
  const bold = unit.bold.filter(([from]) => from >= start);
  const names =
    bold.length > 0
      ? bold.flatMap(([from, to]) => splitNames(unit.text.slice(from, to)))
      : splitNames((unit.text.slice(start).split(/[.;(]/)[0] ?? '').trim());
  return { minutes, before: unit.text.slice(0, start), hasVerb: names.length > 0, names };
}

/** Index just after the first duration of a text ("after 15 min" -> after "min"). */
function durationEnd(text: string): number {
  const folded = fold(text);
  const match = DURATION.exec(folded) ?? HALF_HOUR.exec(folded) ?? ONE_HOUR.exec(folded);
  return match ? match.index + match[0].length : 0;
}

function conditionOf(reading: Reading): string | null {
  if (reading.minutes !== null) return null;
  const text = cleanTitle(reading.before).replace(/[\s,:;—–?-]+$/, '');
  return text === '' ? null : text;
}

const hasCondition = (text: string) => CONDITION_START.test(fold(cleanTitle(text)));

interface OpenRule {
  rule: EscalationRule;
  text: string;
}

/** Collects rules and what could not be read, unit by unit in document order. */
class RuleBuilder {
  readonly rules: EscalationRule[] = [];
  readonly findings: Finding[] = [];
  readonly unread: Marked[] = [];
  private open: OpenRule | null = null;

  /** A heading or "After 15 minutes:" line that the following list items belong to. */
  title(unit: Marked): void {
    this.close();
    const reading = readUnit(unit);
    if (reading.minutes === null && !reading.hasVerb && !hasCondition(unit.text)) return;
    this.open = {
      text: unit.text,
      rule: {
        afterMinutes: reading.minutes,
        condition: conditionOf(reading),
        notify: [...reading.names],
        checklist: [],
        line: unit.line,
      },
    };
  }

  /** A list item, table row or sentence; `nested` are its sub-items. */
  line(unit: Marked, nested: Marked[] = [], checklistItem = true): void {
    const reading = readUnit(unit);
    if (this.open && reading.minutes !== null && this.open.rule.afterMinutes !== null) this.close();
    const open = this.open;
    if (open) {
      if (reading.names.length > 0) open.rule.notify.push(...reading.names);
      else if (reading.hasVerb) this.unclear(unit, 'names no one after the notify word');
      else if (checklistItem) open.rule.checklist.push(cleanTitle(unit.text));
      for (const item of nested) this.line(item, [], true);
      return;
    }
    if (reading.minutes === null && !reading.hasVerb) {
      if (unit.text.trim() !== '') this.unread.push(unit);
      return;
    }
    const rule: EscalationRule = {
      afterMinutes: reading.minutes,
      condition: conditionOf(reading),
      notify: [...reading.names],
      checklist: [],
      line: unit.line,
    };
    for (const item of nested) {
      const inner = readUnit(item);
      if (inner.names.length > 0) rule.notify.push(...inner.names);
      else rule.checklist.push(cleanTitle(item.text));
    }
    this.push(rule, unit.text);
  }

  /** A rule read whole (a table row). */
  addRule(rule: EscalationRule): void {
    this.close();
    this.rules.push(rule);
  }

  close(): void {
    if (this.open) this.push(this.open.rule, this.open.text);
    this.open = null;
  }

  private push(rule: EscalationRule, text: string): void {
    rule.notify = [...new Set(rule.notify)];
    if (rule.notify.length === 0) {
      this.unclear({ text, bold: [], line: rule.line }, 'says when to escalate but not who to notify');
      return;
    }
    this.rules.push(rule);
  }

  private unclear(unit: Marked, what: string): void {
    this.findings.push({
      level: 'warning',
      line: unit.line,
      message: `escalation line not understood: "${shorten(cleanTitle(unit.text))}" ${what}`,
      hint: 'write it as "After 15 minutes, notify **Role**" (or "If …, notify **Role**"), or add the rule to the binding: escalation: { rules: [{ notify: [Role], after: 15m }] }',
    });
  }
}

export const shorten = (text: string, max = 80) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** A paragraph split into sentences (". " / "! " / line breaks), each with its own line. */
function sentences(children: PhrasingContent[], line: number): Marked[] {
  const whole = marked(children, line);
  const out: Marked[] = [];
  const pattern = /[^\n]*?(?:[.!](?=\s)|\n|$)/g;
  for (const match of whole.text.matchAll(pattern)) {
    const start = match.index ?? 0;
    const text = match[0].replace(/\n$/, '');
    if (text.trim() === '') continue;
    const end = start + text.length;
    const bold = whole.bold
      .filter(([from, to]) => from >= start && to <= end)
      .map(([from, to]) => [from - start, to - start] as [number, number]);
    const lineOffset = (whole.text.slice(0, start).match(/\n/g) ?? []).length;
    out.push({
      text: text.trim() === text ? text : text.replace(/^\s+/, ''),
      bold: shift(bold, text),
      line: line + lineOffset,
    });
  }
  return out;
}

function shift(bold: [number, number][], text: string): [number, number][] {
  const lead = text.length - text.replace(/^\s+/, '').length;
  return bold.map(([from, to]) => [from - lead, to - lead]);
}

const lineOf = (node: Nodes, fallback: number) => node.position?.start.line ?? fallback;

function firstParagraphOf(item: { children: Nodes[] }, line: number): Marked {
  const paragraph = item.children.find((child) => child.type === 'paragraph');
  return paragraph && paragraph.type === 'paragraph'
    ? marked(paragraph.children, lineOf(paragraph, line))
    : { text: '', bold: [], line };
}

function readTable(table: Table, builder: RuleBuilder, fallbackLine: number): void {
  const [head, ...rows] = table.children;
  if (!head) return;
  const headers = head.children.map((cell) => fold(plainText(cell)));
  const notifyColumn = headers.findIndex((header) => TABLE_NOTIFY.test(header));
  const whenColumn = headers.findIndex((header, index) => index !== notifyColumn && TABLE_WHEN.test(header));
  const actionsColumn = headers.findIndex(
    (header, index) => index !== notifyColumn && index !== whenColumn && TABLE_ACTIONS.test(header),
  );
  builder.close();
  for (const row of rows) {
    const line = lineOf(row, fallbackLine);
    const cells = row.children.map((cell) => marked(cell.children, line));
    if (notifyColumn === -1) {
      builder.line({ text: cells.map((cell) => cell.text).join(' — '), bold: [], line });
      continue;
    }
    const who = cells[notifyColumn] ?? { text: '', bold: [], line };
    const when = whenColumn === -1 ? '' : (cells[whenColumn]?.text ?? '');
    const names =
      who.bold.length > 0
        ? who.bold.flatMap(([s, e]) => splitNames(who.text.slice(s, e)))
        : splitNames(who.text);
    const minutes = minutesIn(when);
    const condition =
      minutes === null && /[\p{L}]/u.test(when) ? cleanTitle(when).replace(/[\s,:;?]+$/, '') : null;
    const actions = actionsColumn === -1 ? '' : (cells[actionsColumn]?.text ?? '');
    const rowText = cells.map((cell) => cell.text).join(' | ');
    if (names.length === 0) {
      builder.line({ text: rowText, bold: [], line });
      continue;
    }
    builder.addRule({
      afterMinutes: minutes,
      condition,
      notify: [...new Set(names)],
      checklist: actions
        .split(/\s*(?:;|<br\s*\/?>|\n)\s*/)
        .map((item) => cleanTitle(item))
        .filter((item) => item !== '' && item !== '-' && item !== '—'),
      line,
    });
  }
}

/** Walks the section's Markdown in order: headings and "…:" lines open a rule, items fill it. */
function walk(nodes: Nodes[], builder: RuleBuilder, fallbackLine: number): void {
  nodes.forEach((node, index) => {
    const line = lineOf(node, fallbackLine);
    if (node.type === 'heading') builder.title(marked(node.children, line));
    else if (node.type === 'paragraph') {
      const next = nodes[index + 1];
      const text = plainText(node).trim();
      if (next?.type === 'list' && (/:$/.test(text) || isAllBold(node.children)))
        builder.title(marked(node.children, line));
      else for (const sentence of sentences(node.children, line)) builder.line(sentence, [], false);
    } else if (node.type === 'list') {
      for (const item of node.children) {
        const nested = item.children
          .filter((child) => child.type === 'list')
          .flatMap((list) => (list.type === 'list' ? list.children : []))
          .map((child) => firstParagraphOf(child, lineOf(child, line)));
        builder.line(firstParagraphOf(item, lineOf(item, line)), nested);
      }
    } else if (node.type === 'table') readTable(node, builder, line);
    else if (node.type === 'blockquote') walk(node.children, builder, line);
  });
}

const isAllBold = (children: PhrasingContent[]) =>
  children
    .filter((child) => !(child.type === 'text' && child.value.trim() === ''))
    .every((child) => child.type === 'strong');

/** Every heading of the block and of its sub-blocks, with their content, in document order. */
function flatten(block: SectionBlock, isRoot = true): Nodes[] {
  const heading: Nodes[] = isRoot
    ? []
    : [
        {
          type: 'heading',
          depth: 3,
          children: [{ type: 'text', value: block.section.title }],
          position: {
            start: { line: block.section.line, column: 1 },
            end: { line: block.section.line, column: 1 },
          },
        },
      ];
  return [...heading, ...block.content, ...block.children.flatMap((child) => flatten(child, false))];
}

export interface EscalationReading {
  rules: EscalationRule[];
  findings: Finding[];
}

/**
 * Rules of an escalation section, from sub-headings with lists, "After N min:" lines with lists,
 * list items, sentences ("not fixed within 30 min? page the DB on-call") and tables
 * (`| After | Notify |`), in English, Portuguese or Spanish. What it cannot read becomes a finding.
 */
export function parseEscalation(block: SectionBlock): EscalationReading {
  const builder = new RuleBuilder();
  walk(flatten(block), builder, block.section.line);
  builder.close();
  const findings = [...builder.findings];
  if (builder.rules.length === 0) {
    const lines = [
      ...new Set([...builder.findings.map((f) => f.line), ...builder.unread.map((u) => u.line)]),
    ].sort((a, b) => a - b);
    findings.push({
      level: 'warning',
      line: block.section.line,
      message: `escalation section "${block.section.title}" gave no rule: nobody would be notified${
        lines.length > 0 ? ` (lines not understood: ${lines.slice(0, 8).join(', ')})` : ''
      }`,
      hint: 'write each rule as "After 15 minutes, notify **Role**", a list under "### After 15 minutes", or a table | After | Notify |; or add rules in the binding: escalation: { rules: [{ notify: [Role], after: 15m }] }',
    });
  }
  return { rules: builder.rules, findings };
}

/** Sentences anywhere that read like an escalation rule (a time or condition, a notify verb and a name). */
export function looksLikeEscalation(text: string): boolean {
  const reading = readUnit({ text, bold: [], line: 0 });
  return reading.hasVerb && reading.names.length > 0 && (reading.minutes !== null || hasCondition(text));
}
