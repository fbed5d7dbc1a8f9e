import { basename, resolve } from 'node:path';
import type { Code, Nodes, Paragraph, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { buildStep, type StepContext } from './build-step.ts';
import { cleanTitle } from './clean-title.ts';
import { extractSteps, isShellBlock } from './extract-steps.ts';
import { plainText } from './markdown-text.ts';
import type { Runbook, Section, Step } from './model.ts';
import { ESCALATION_SECTION, parseEscalation } from './parse-escalation.ts';
import { parseExpectation } from './parse-expectation.ts';
import { LINKS_SECTION, parseLinks } from './parse-links.ts';
import { parseTemplate, TEMPLATE_SECTION } from './parse-template.ts';
import { findBlock, type SectionBlock } from './section-block.ts';
import { createIdAllocator, slugifyTitle } from './slugify-title.ts';

/** Splits the document at its headings: one block per heading, nested by level. */
function buildBlocks(root: Root, runbookId: string): { blocks: SectionBlock[]; title: string } {
  const allocate = createIdAllocator();
  const blocks: SectionBlock[] = [];
  const open: SectionBlock[] = [];
  let preamble: SectionBlock | null = null;
  for (const node of root.children) {
    if (node.type === 'heading') {
      while (open.length > 0 && (open.at(-1) as SectionBlock).section.level >= node.depth) open.pop();
      const parent = open.at(-1) ?? null;
      const title = cleanTitle(plainText(node));
      const section: Section = {
        id: allocate(slugifyTitle(title, 'section')),
        title,
        level: node.depth,
        parent: parent?.section.id ?? null,
        line: node.position?.start.line ?? 1,
        steps: [],
      };
      const block: SectionBlock = { section, content: [], children: [] };
      parent?.children.push(block);
      blocks.push(block);
      open.push(block);
      continue;
    }
    const current = open.at(-1);
    if (current) {
      current.content.push(node);
      continue;
    }
    if (!preamble) {
      const section = {
        id: allocate(slugifyTitle(runbookId, 'runbook')),
        title: runbookId,
        level: 0,
        parent: null,
        line: 1,
        steps: [],
      };
      preamble = { section, content: [], children: [] };
    }
    preamble.content.push(node);
  }
  const first = blocks.find((block) => block.section.level === 1) ?? blocks[0];
  const title = first?.section.title ?? runbookId;
  if (preamble && containsCode(preamble.content)) blocks.unshift(preamble);
  return { blocks, title };
}

function containsCode(nodes: Nodes[]): boolean {
  return nodes.some((node) => node.type === 'code' || ('children' in node && containsCode(node.children)));
}

/** First line of a code block's content (fenced blocks start one line below the fence). */
function contentLine(code: Code, markdown: string): number {
  const start = code.position?.start;
  if (!start) return 1;
  const opening = markdown.slice(start.offset ?? 0, (start.offset ?? 0) + 4).trimStart();
  return opening.startsWith('```') || opening.startsWith('~~~') ? start.line + 1 : start.line;
}

/** Visits code blocks in document order with the node that follows each one. */
function eachCodeBlock(nodes: Nodes[], visit: (code: Code, next: Nodes | undefined) => void): void {
  nodes.forEach((node, index) => {
    if (node.type === 'code') visit(node, nodes[index + 1]);
    else if ('children' in node) eachCodeBlock(node.children, visit);
  });
}

/** Markdown runbook -> runbook model (DESIGN §3). Pure: no file access; `file` names it. */
export function parseRunbook(markdown: string, file: string): Runbook {
  const id = basename(file).replace(/\.(md|markdown)$/i, '');
  const root = fromMarkdown(markdown.replace(/^\uFEFF/, ''));
  const { blocks, title } = buildBlocks(root, id);
  const byId = new Map(blocks.map((block) => [block.section.id, block.section]));
  const context: StepContext = { allocate: createIdAllocator(), cwd: null };
  for (const block of blocks) {
    eachCodeBlock(block.content, (code, next) => {
      if (!isShellBlock(code.lang)) return;
      const raw = extractSteps(code.value, code.lang, contentLine(code, markdown));
      const built = raw
        .map((step) => buildStep(step, block.section, context))
        .filter((step) => step !== null);
      const expect = next?.type === 'paragraph' ? parseExpectation(next as Paragraph) : null;
      const last = built.findLast((step) => step.kind === 'command');
      if (expect !== null && last?.kind === 'command') last.expect = expect;
      for (const step of built) addToSectionAndAncestors(step, block.section, byId);
    });
  }
  const escalation = findBlock(blocks, ESCALATION_SECTION);
  const template = findBlock(blocks, TEMPLATE_SECTION);
  const links = findBlock(blocks, LINKS_SECTION);
  return {
    id,
    file: resolve(file),
    title,
    sections: blocks.map((block) => block.section),
    escalation: escalation ? parseEscalation(escalation) : [],
    template: template ? parseTemplate(template) : [],
    links: links ? parseLinks(links) : [],
  };
}

function addToSectionAndAncestors(step: Step, section: Section, byId: Map<string, Section>): void {
  for (let current: Section | undefined = section; current; current = byId.get(current.parent ?? '')) {
    current.steps.push(step);
  }
}
