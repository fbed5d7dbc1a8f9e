import type { Code, ListItem, Nodes, Paragraph, Table } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Finding, TemplateField } from '../model.ts';
import { fillForLabel, fold, phrasesRegExp, union } from '../vocabulary/index.ts';
import { cleanTitle } from './clean-title.ts';
import { plainText } from './markdown-text.ts';
import { contentWithDescendants, type SectionBlock } from './section-block.ts';

export { fillForLabel } from '../vocabulary/index.ts';

const LABEL_HEADER = phrasesRegExp(union((v) => v.template.tableLabel));

function field(rawLabel: string, rawHint: string): TemplateField | null {
  const label = cleanTitle(rawLabel)
    .replace(/\s*:$/, '')
    .replace(/^[-*]\s+/, '');
  const hint = cleanTitle(rawHint.replace(/^\s*:\s*/, ''));
  if (label === '' || label.length > 80 || !/[\p{L}]/u.test(label)) return null;
  return { label, fill: fillForLabel(label), hint: hint === '' || /^_+$/.test(hint) ? null : hint };
}

function fieldFromParagraph(paragraph: Paragraph): TemplateField | null {
  const [first] = paragraph.children;
  const text = plainText(paragraph).trim();
  if (first?.type === 'strong') {
    const label = plainText(first);
    return field(label, text.slice(label.length));
  }
  const colon = text.indexOf(':');
  return colon === -1 ? field(text, '') : field(text.slice(0, colon), text.slice(colon + 1));
}

function fieldFromItem(item: ListItem): TemplateField | null {
  const paragraph = item.children.find((child): child is Paragraph => child.type === 'paragraph');
  return paragraph ? fieldFromParagraph(paragraph) : null;
}

/** `| Field | Value |` tables: the first column is the label, the second the hint. */
function fieldsFromTable(table: Table): TemplateField[] {
  const [head, ...rows] = table.children;
  if (!head) return [];
  const headers = head.children.map((cell) => fold(plainText(cell)));
  const labelColumn = Math.max(
    0,
    headers.findIndex((header) => LABEL_HEADER.test(header)),
  );
  const headerIsField =
    !LABEL_HEADER.test(headers[labelColumn] ?? '') && headers.length === 2 && rows.length === 0;
  const body = headerIsField ? [head, ...rows] : rows;
  return body
    .map((row) => {
      const cells = row.children.map((cell) => plainText(cell));
      const hint = cells
        .filter((_, index) => index !== labelColumn)
        .join(' ')
        .trim();
      return field(cells[labelColumn] ?? '', hint);
    })
    .filter((found): found is TemplateField => found !== null);
}

/** "Label: value" lines of a paragraph written without a list. */
function fieldsFromLines(paragraph: Paragraph): TemplateField[] {
  const text = plainText(paragraph);
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (lines.length < 2 || !lines.every((line) => /^[^:]{1,60}:/.test(line))) {
    const single =
      /^[^:]{1,60}:\s*\S/.test(text.trim()) && lines.length === 1 ? fieldFromParagraph(paragraph) : null;
    return single ? [single] : [];
  }
  return lines
    .map((line) => {
      const colon = line.indexOf(':');
      return field(line.slice(0, colon), line.slice(colon + 1));
    })
    .filter((found): found is TemplateField => found !== null);
}

/** A Markdown template pasted in a fence: its headings, bullets, tables and "Label:" lines. */
function fieldsFromFence(code: Code): TemplateField[] {
  const lang = (code.lang ?? '').toLowerCase();
  if (!['', 'md', 'markdown', 'text', 'txt', 'plain', 'plaintext'].includes(lang)) return [];
  const root = fromMarkdown(code.value);
  return fieldsFrom(root.children, true);
}

function fieldsFrom(nodes: Nodes[], headingsAreFields: boolean): TemplateField[] {
  const fields: TemplateField[] = [];
  for (const node of nodes) {
    if (node.type === 'list') {
      for (const item of node.children) {
        const found = fieldFromItem(item);
        if (found) fields.push(found);
        fields.push(
          ...fieldsFrom(
            item.children.filter((child) => child.type === 'list'),
            false,
          ),
        );
      }
    } else if (node.type === 'table') fields.push(...fieldsFromTable(node));
    else if (node.type === 'paragraph') fields.push(...fieldsFromLines(node));
    else if (node.type === 'code') fields.push(...fieldsFromFence(node));
    else if (node.type === 'heading' && headingsAreFields) {
      const found = field(plainText(node), '');
      if (found) fields.push(found);
    } else if (node.type === 'blockquote') fields.push(...fieldsFrom(node.children, headingsAreFields));
  }
  return fields;
}

export interface TemplateReading {
  fields: TemplateField[];
  findings: Finding[];
}

/**
 * The incident record's fields `{label, fill, hint}`: bullets, `| Field | Value |` tables,
 * "Label:" lines, or a Markdown template in a fence. Labels are recognised in English,
 * Portuguese and Spanish. A template section that gives no field is a finding.
 */
export function parseTemplate(block: SectionBlock): TemplateReading {
  const fields = fieldsFrom(contentWithDescendants(block), false);
  if (fields.length === 0) {
    const subHeadings = block.children.map((child) => child.section.title);
    if (subHeadings.length > 0) {
      for (const title of subHeadings) {
        const found = field(title, '');
        if (found) fields.push(found);
      }
    }
  }
  const findings: Finding[] =
    fields.length === 0
      ? [
          {
            level: 'warning',
            line: block.section.line,
            message: `template section "${block.section.title}" gave no field: the incident report would be empty`,
            hint: 'list the fields as bullets ("- **Start time**: …") or a table | Field | Value |',
          },
        ]
      : [];
  return { fields, findings };
}
