import type { ListItem, Paragraph, PhrasingContent } from 'mdast';
import { cleanTitle } from './clean-title.ts';
import { plainText } from './markdown-text.ts';
import type { EscalationRule } from './model.ts';
import { contentWithDescendants, nestedItems, type SectionBlock, topLevelItems } from './section-block.ts';

export const ESCALATION_SECTION =
  /(^|-)(escalonamento|escalation|escalacao|escalamento|escalate|escalar)(-|$)/;

const NOTIFY_VERB =
  /\b(notificar|notifique|notify|page|acionar|acione|avisar|avise|chamar|chame|escalar para|escalate to|contact|contatar)\b/i;
const AFTER_TIME = /(\d+)\s*(minutos?|minutes?|mins?|m|horas?|hours?|h)\b/i;
const LEADING_ARTICLE = /^(the|o|a|os|as|ao|aos|à|às)\s+/i;
const NAME_SEPARATORS = /\s*,\s*|\s+e\s+|\s+and\s+|\s*&\s*|\s*\/\s*/;

function afterMinutes(text: string): number | null {
  const match = AFTER_TIME.exec(text);
  if (!match) return null;
  const value = Number(match[1]);
  return /^h/i.test(match[2] ?? '') ? value * 60 : value;
}

const splitNames = (text: string) =>
  text
    .split(NAME_SEPARATORS)
    .map((name) =>
      cleanTitle(name)
        .replace(LEADING_ARTICLE, '')
        .replace(/[.:;!]+$/, '')
        .trim(),
    )
    .filter((name) => name !== '');

/** Role names after a notify verb: the bold names that follow it, else the words up to the sentence end. */
function notifyNames(children: PhrasingContent[]): { names: string[]; before: string } | null {
  const text = children.map((child) => plainText(child)).join('');
  const verb = NOTIFY_VERB.exec(text);
  if (!verb) return null;
  const verbEnd = verb.index + verb[0].length;
  const names: string[] = [];
  let offset = 0;
  for (const child of children) {
    const childText = plainText(child);
    if (child.type === 'strong' && offset >= verbEnd) names.push(...splitNames(childText));
    offset += childText.length;
  }
  if (names.length === 0) {
    const tail = text.slice(verbEnd).split(/[.;:(—]|\s+(?:if|se|quando|when)\s+/i)[0] ?? '';
    names.push(...splitNames(tail));
  }
  return names.length > 0 ? { names, before: text.slice(0, verb.index) } : null;
}

const firstParagraph = (item: ListItem) =>
  item.children.find((child): child is Paragraph => child.type === 'paragraph');

interface RuleParts {
  title: string;
  line: number;
  items: ListItem[];
  titleChildren: PhrasingContent[];
}

function buildRule({ title, line, items, titleChildren }: RuleParts): EscalationRule {
  const notify: string[] = [];
  const checklist: string[] = [];
  const fromTitle = notifyNames(titleChildren);
  if (fromTitle) notify.push(...fromTitle.names);
  for (const item of items) {
    const paragraph = firstParagraph(item);
    const found = paragraph ? notifyNames(paragraph.children) : null;
    if (found) notify.push(...found.names);
    else if (paragraph) checklist.push(cleanTitle(plainText(paragraph)));
  }
  const timing = afterMinutes(title);
  const conditionText = cleanTitle(fromTitle ? fromTitle.before : title).replace(/[\s,:;—–-]+$/, '');
  return {
    afterMinutes: timing,
    condition: timing === null && conditionText !== '' ? conditionText : null,
    notify: [...new Set(notify)],
    checklist,
    line,
  };
}

/**
 * Rules of an escalation section: one per sub-heading (its list is the checklist), or, without
 * sub-headings, one per top-level list item (its nested items are the checklist).
 */
export function parseEscalation(block: SectionBlock): EscalationRule[] {
  if (block.children.length > 0) {
    return block.children.map((child) =>
      buildRule({
        title: child.section.title,
        line: child.section.line,
        items: contentWithDescendants(child).flatMap((node) =>
          node.type === 'list' ? flatten(node.children) : [],
        ),
        titleChildren: [{ type: 'text', value: child.section.title }],
      }),
    );
  }
  return topLevelItems(block.content).map((item) => {
    const paragraph = firstParagraph(item);
    const title = paragraph ? cleanTitle(plainText(paragraph)) : '';
    const nested = nestedItems(item);
    return buildRule({
      title,
      line: item.position?.start.line ?? block.section.line,
      items: nested,
      titleChildren: paragraph?.children ?? [],
    });
  });
}

function flatten(items: ListItem[]): ListItem[] {
  return items.flatMap((item) => [item, ...flatten(nestedItems(item))]);
}
