import type { ListItem, Paragraph } from 'mdast';
import { cleanTitle } from './clean-title.ts';
import { plainText } from './markdown-text.ts';
import type { TemplateField, TemplateFill } from './model.ts';
import { contentWithDescendants, findAll, type SectionBlock } from './section-block.ts';

export const TEMPLATE_SECTION =
  /(^|-)(documentacao-do-incidente|incident-record|incident-report|incident-template|registro|registro-do-incidente|postmortem|post-mortem|relatorio-do-incidente)(-|$)/;

/** Order matters: "Tempo de resolução" is a duration before it is a resolution. */
const FILL_RULES: [RegExp, TemplateFill][] = [
  [
    /tempo (total )?(de|ate|até) (resolu|recupera)|dura[cç][aã]o|duration|time to (resolve|recover|resolution|restore)|\bm?tt[rm]\b|tempo total|downtime/i,
    'duration',
  ],
  [
    /^a[cç][oõ]es\b(?! preventivas| de preven)|actions taken|^actions$|steps taken|passos executados|o que foi feito|what was done|^timeline$/i,
    'actions',
  ],
  [/in[ií]cio|\bstart|began|detect|come[cç]o|abertura|opened/i, 'startedAt'],
  [
    /resolu[cç][aã]o|resolv|resolution|\bfim\b|t[eé]rmino|\bend(ed)?\b|closed|encerramento|recovered/i,
    'resolvedAt',
  ],
  [/sintoma|symptom|observed|observad/i, 'symptoms'],
];

/** What the bot fills in by itself for a field label, pt-BR or English; `manual` when nothing fits. */
export function fillForLabel(label: string): TemplateFill {
  return FILL_RULES.find(([pattern]) => pattern.test(label))?.[1] ?? 'manual';
}

function fieldFromItem(item: ListItem): TemplateField | null {
  const paragraph = item.children.find((child): child is Paragraph => child.type === 'paragraph');
  if (!paragraph) return null;
  const [first] = paragraph.children;
  const text = plainText(paragraph).trim();
  let label: string;
  let hint: string;
  if (first?.type === 'strong') {
    label = plainText(first);
    hint = text.slice(label.length);
  } else {
    const colon = text.indexOf(':');
    label = colon === -1 ? text : text.slice(0, colon);
    hint = colon === -1 ? '' : text.slice(colon + 1);
  }
  label = cleanTitle(label).replace(/\s*:$/, '');
  hint = cleanTitle(hint.replace(/^\s*:\s*/, ''));
  if (label === '') return null;
  return { label, fill: fillForLabel(label), hint: hint === '' ? null : hint };
}

/** Every bullet of the incident record section becomes a field `{label, fill, hint}`. */
export function parseTemplate(block: SectionBlock): TemplateField[] {
  return findAll(contentWithDescendants(block), 'listItem')
    .map((item) => fieldFromItem(item))
    .filter((field): field is TemplateField => field !== null);
}
