import type { Nodes, Paragraph, PhrasingContent, Root, Table, TableCell, TableRow } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';

const DELIMITER_ROW = /^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$/;

/** `| a | b \| c |` -> ["a", "b | c"]. */
function splitCells(line: string): string[] {
  const trimmed = line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return trimmed.split(/(?<!\\)\|/).map((cell) => cell.replace(/\\\|/g, '|').trim());
}

function phrasing(text: string): PhrasingContent[] {
  const [first] = fromMarkdown(text).children;
  return first?.type === 'paragraph' ? first.children : text === '' ? [] : [{ type: 'text', value: text }];
}

/**
 * A pipe table (`| After | Notify |` + `|---|---|` + rows) that CommonMark read as a paragraph ->
 * a table node with one position per row; null when the paragraph is not such a table.
 */
export function pipeTableFrom(paragraph: Paragraph, markdown: string): Table | null {
  const start = paragraph.position?.start;
  const end = paragraph.position?.end;
  if (start?.offset === undefined || end?.offset === undefined) return null;
  const lines = markdown.slice(start.offset, end.offset).split(/\r?\n/);
  if (lines.length < 2 || !DELIMITER_ROW.test(lines[1] ?? '') || !(lines[0] ?? '').includes('|')) return null;
  const rows: TableRow[] = [];
  lines.forEach((line, index) => {
    if (index === 1 || line.trim() === '') return;
    const lineNumber = start.line + index;
    const cells: TableCell[] = splitCells(line).map((cell) => ({
      type: 'tableCell',
      children: phrasing(cell),
    }));
    rows.push({
      type: 'tableRow',
      children: cells,
      position: {
        start: { line: lineNumber, column: 1 },
        end: { line: lineNumber, column: line.length + 1 },
      },
    });
  });
  return { type: 'table', children: rows, ...(paragraph.position ? { position: paragraph.position } : {}) };
}

/** Replaces every paragraph that is a pipe table by a table node (in place). */
export function readPipeTables(root: Root, markdown: string): void {
  const visit = (node: Nodes) => {
    if (!('children' in node)) return;
    const children = node.children as Nodes[];
    children.forEach((child, index) => {
      if (child.type === 'paragraph') {
        const table = pipeTableFrom(child, markdown);
        if (table) children[index] = table;
      } else visit(child);
    });
  };
  visit(root);
}
