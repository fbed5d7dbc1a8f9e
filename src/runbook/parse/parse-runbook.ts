import { basename, resolve } from 'node:path';
import type { Code, ListItem, Nodes, Paragraph, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import type {
  CommandStep,
  EscalationRule,
  Finding,
  Runbook,
  Section,
  Step,
  TemplateField,
} from '../model.ts';
import { fillForLabel, headingRole, type SectionRole } from '../vocabulary/index.ts';
import { buildStep, type StepContext } from './build-step.ts';
import { cleanTitle } from './clean-title.ts';
import { isShellBlock, type RawStep, readCodeBlock } from './extract-steps.ts';
import { plainText } from './markdown-text.ts';
import { looksLikeEscalation, parseEscalation, shorten } from './parse-escalation.ts';
import { readExpectation } from './parse-expectation.ts';
import { parseLinks } from './parse-links.ts';
import { parseTemplate } from './parse-template.ts';
import { readPipeTables } from './pipe-table.ts';
import type { SectionBlock } from './section-block.ts';
import { createIdAllocator, slugifyTitle } from './slugify-title.ts';
import { idBaseOf, introTitle } from './step-title.ts';

/** Sections the binding names explicitly (`escalation: { section }`, `template: { section }`). */
export interface ParseOptions {
  escalationSection?: string;
  templateSection?: string;
}

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

interface CodeVisit {
  code: Code;
  previous: Nodes | undefined;
  next: Nodes | undefined;
  afterNext: Nodes | undefined;
  /** The list item holding the block, when it sits in one. */
  item: ListItem | null;
}

/** Visits code blocks in document order with their neighbours. */
function eachCodeBlock(
  nodes: Nodes[],
  visit: (found: CodeVisit) => void,
  item: ListItem | null = null,
): void {
  nodes.forEach((node, index) => {
    if (node.type === 'code') {
      visit({
        code: node,
        previous: nodes[index - 1],
        next: nodes[index + 1],
        afterNext: nodes[index + 2],
        item,
      });
    } else if ('children' in node)
      eachCodeBlock(node.children, visit, node.type === 'listItem' ? node : item);
  });
}

const lineOf = (node: Nodes | undefined) => node?.position?.start.line ?? 1;
const isParagraph = (node: Nodes | undefined): node is Paragraph => node?.type === 'paragraph';

/** The block's intro: the paragraph right before it, or its list item's lead paragraph. */
function introFor(visit: CodeVisit): string | null {
  if (isParagraph(visit.previous) && readExpectation(visit.previous) === null) {
    return introTitle(visit.previous, visit.item !== null && visit.item.children[0] === visit.previous);
  }
  if (visit.previous === undefined && visit.item) {
    const lead = visit.item.children[0];
    if (isParagraph(lead) && lead !== (visit.code as Nodes)) return introTitle(lead, true);
  }
  return null;
}

/**
 * Titles in the order a reader uses them: a block with one command takes its intro sentence, then
 * its `# comment`; a block of several commands titles each by its comment, then the intro. The
 * heading comes last (and then ids keep the heading's words, numbers included).
 */
function titleSteps(raw: RawStep[], intro: string | null): RawStep[] {
  const commands = raw.filter((step) => step.kind !== 'cd');
  const single = commands.length === 1;
  return raw.map((step) => {
    if (step.kind === 'cd') return step;
    const chosen = single ? (intro ?? step.title) : (step.title ?? intro);
    if (chosen === null) return step;
    const fromIntro = chosen === intro && chosen !== step.title;
    return { ...step, title: chosen, ...(fromIntro ? { idBase: idBaseOf(chosen) } : {}) };
  });
}

const DOCUMENTATION_HINT =
  'tag the fence ```bash if these are commands to run; tag it ```text (or another language) to silence this note';

class FindingList {
  readonly items: Finding[] = [];
  add(level: Finding['level'], line: number, message: string, hint: string | null): void {
    this.items.push({ level, line, message, hint });
  }
}

function readSteps(
  blocks: SectionBlock[],
  markdown: string,
  skipSections: Set<string>,
  findings: FindingList,
): Set<Paragraph> {
  const byId = new Map(blocks.map((block) => [block.section.id, block.section]));
  const context: StepContext = { allocate: createIdAllocator(), cwd: null };
  const usedParagraphs = new Set<Paragraph>();
  const samples = new Set<Code>();
  for (const block of blocks) {
    eachCodeBlock(block.content, (visit) => {
      const { code } = visit;
      if (samples.has(code)) return;
      if (isParagraph(visit.previous)) {
        const before = readExpectation(visit.previous);
        if (before?.kind === 'sample') return; // shown output of the block before, read with it
      }
      if (!isShellBlock(code.lang)) return;
      // a template's untagged fence is the template itself; a tagged shell fence there still runs
      if (skipSections.has(block.section.id) && !code.lang) return;
      const reading = readCodeBlock(code.value, code.lang, contentLine(code, markdown));
      const line = lineOf(code);
      if (reading.documentation) {
        findings.add(
          'note',
          line,
          `code block read as ${reading.documentation === 'output' ? 'sample output or text' : reading.documentation}, not as commands: it is documentation, not a step`,
          DOCUMENTATION_HINT,
        );
        return;
      }
      if (reading.droppedOutput.length > 0) {
        const lines = reading.droppedOutput.map((dropped) => dropped.line).join(', ');
        findings.add(
          'note',
          reading.droppedOutput[0]?.line ?? line,
          `line${reading.droppedOutput.length > 1 ? 's' : ''} ${lines} of a shell block read as output, not commands: left out of the steps`,
          'move sample output to its own ```text fence, or prefix commands with "$ " in a transcript',
        );
      }
      const raw = titleSteps(reading.steps, introFor(visit));
      const built = raw
        .map((step) => buildStep(step, block.section, context))
        .filter((step) => step !== null);
      const last = built.findLast((step): step is CommandStep => step.kind === 'command');
      attachExpectation(visit, last, usedParagraphs, samples, findings);
      for (const step of built) addToSectionAndAncestors(step, block.section, byId);
    });
  }
  return usedParagraphs;
}

const EXPECTATION_HINT =
  'write Expected: `text` (a phrase on one line of the output), "contains X", "non-empty" or "at least N lines"';

function attachExpectation(
  visit: CodeVisit,
  last: CommandStep | undefined,
  used: Set<Paragraph>,
  samples: Set<Code>,
  findings: FindingList,
): void {
  const { next, afterNext } = visit;
  if (!isParagraph(next)) return;
  const reading = readExpectation(next);
  if (reading === null) return;
  used.add(next);
  const line = lineOf(next);
  if (!last) return;
  if (reading.kind === 'understood') {
    last.expect = reading.expect;
    if (reading.expectation.kind !== 'text') last.expectation = reading.expectation;
    return;
  }
  if (reading.kind === 'unclear') {
    findings.add(
      'warning',
      line,
      `expectation not understood: "${shorten(reading.text)}" — step "${last.id}" is not checked against it`,
      EXPECTATION_HINT,
    );
    return;
  }
  if (afterNext?.type === 'code') {
    samples.add(afterNext);
    const sample = afterNext.value.split('\n').filter((text) => text.trim() !== '');
    if (sample.length === 1 && (sample[0] as string).trim().length <= 60) {
      last.expect = (sample[0] as string).trim();
      return;
    }
    findings.add(
      'note',
      lineOf(afterNext),
      `"${reading.label}" shows ${sample.length} lines of sample output: step "${last.id}" is not checked against them`,
      `to check it, write ${reading.label}: \`the phrase to find\` after the command block`,
    );
    return;
  }
  findings.add('warning', line, `"${reading.label}:" is followed by nothing to check`, EXPECTATION_HINT);
}

function addToSectionAndAncestors(step: Step, section: Section, byId: Map<string, Section>): void {
  for (let current: Section | undefined = section; current; current = byId.get(current.parent ?? '')) {
    current.steps.push(step);
  }
}

/** The outermost blocks of a role (a nested "Escalation contacts" under "Escalation" is read with it). */
function blocksWithRole(
  blocks: SectionBlock[],
  role: SectionRole,
  chosen: string | undefined,
): SectionBlock[] {
  if (chosen !== undefined) return blocks.filter((block) => block.section.id === chosen);
  const matching = blocks.filter((block) => headingRole(block.section.title) === role);
  const inside = new Set(matching.flatMap((block) => descendants(block)));
  return matching.filter((block) => !inside.has(block));
}

function descendants(block: SectionBlock): SectionBlock[] {
  return block.children.flatMap((child) => [child, ...descendants(child)]);
}

/** Expectation labels the steps did not take, and rules or templates outside their sections. */
function findStrays(
  blocks: SectionBlock[],
  special: Set<SectionBlock>,
  used: Set<Paragraph>,
  hasTemplate: boolean,
  findings: FindingList,
): void {
  const visit = (nodes: Nodes[], inSpecial: boolean) => {
    for (const node of nodes) {
      if (node.type === 'paragraph' && !used.has(node)) {
        const reading = readExpectation(node);
        if (
          reading &&
          reading.kind !== 'sample' &&
          !/^\s*(?:it|this|the|you|isso|esto)\b/i.test(plainText(node))
        ) {
          findings.add(
            'warning',
            lineOf(node),
            `expectation "${shorten(cleanTitle(plainText(node)))}" follows no command block, so nothing is checked against it`,
            'put the Expected: line right after the fenced command block it describes',
          );
        }
        if (!inSpecial) {
          for (const sentence of plainText(node).split(/(?<=[.!])\s+|\n/)) {
            if (looksLikeEscalation(sentence)) strayEscalation(lineOf(node), sentence, findings);
          }
        }
      }
      if (node.type === 'list' && !inSpecial) {
        const labels = node.children
          .map((item) => item.children.find(isParagraph))
          .filter((paragraph): paragraph is Paragraph => paragraph !== undefined)
          .map((paragraph) => plainText(paragraph));
        for (const [index, text] of labels.entries()) {
          if (looksLikeEscalation(text)) strayEscalation(lineOf(node.children[index]), text, findings);
        }
        const fills = new Set(
          labels.map((text) => fillForLabel(text.split(':')[0] ?? '')).filter((f) => f !== 'manual'),
        );
        if (!hasTemplate && fills.size >= 3) {
          findings.add(
            'warning',
            lineOf(node),
            'this list reads like an incident template (start, resolution, symptoms…) but is not under a template heading: the report will not use it',
            'put it under a heading such as "## Incident template" / "## Plantilla del incidente", or set in the binding: template: { section: <section id> }',
          );
        }
      }
      if ('children' in node && node.type !== 'list') visit(node.children, inSpecial);
      if (node.type === 'list') for (const item of node.children) visit(item.children, inSpecial);
    }
  };
  for (const block of blocks) visit(block.content, special.has(block));
}

function strayEscalation(line: number, text: string, findings: FindingList): void {
  findings.add(
    'warning',
    line,
    `"${shorten(cleanTitle(text))}" reads like an escalation rule but is not in an escalation section: nobody will be notified by it`,
    'move it under a heading such as "## Escalation" / "## Escalonamento" / "## Escalado", or set in the binding: escalation: { section: <section id> }',
  );
}

/** Markdown runbook -> runbook model (docs/ARCHITECTURE.md, "The runbook model"). Pure: no file access; `file` names it. */
export function parseRunbook(markdown: string, file: string, options: ParseOptions = {}): Runbook {
  const id = basename(file).replace(/\.(md|markdown)$/i, '');
  const text = markdown.replace(/^\uFEFF/, '');
  const root = fromMarkdown(text);
  readPipeTables(root, text);
  const { blocks, title } = buildBlocks(root, id);
  const findings = new FindingList();
  const escalationBlocks = blocksWithRole(blocks, 'escalation', options.escalationSection);
  const templateBlocks = blocksWithRole(blocks, 'template', options.templateSection);
  const linkBlocks = blocksWithRole(blocks, 'links', undefined);
  const inTemplates = new Set(
    templateBlocks.flatMap((block) => [block, ...descendants(block)]).map((b) => b.section.id),
  );
  const used = readSteps(blocks, markdown, inTemplates, findings);

  const escalation: EscalationRule[] = [];
  for (const block of escalationBlocks) {
    const reading = parseEscalation(block);
    escalation.push(...reading.rules);
    findings.items.push(...reading.findings);
  }
  const template: TemplateField[] = [];
  for (const block of templateBlocks) {
    const reading = parseTemplate(block);
    template.push(...reading.fields);
    findings.items.push(...reading.findings);
  }
  const special = new Set(
    [...escalationBlocks, ...templateBlocks].flatMap((block) => [block, ...descendants(block)]),
  );
  findStrays(blocks, special, used, templateBlocks.length > 0, findings);
  const [links] = linkBlocks;
  return {
    id,
    file: resolve(file),
    title,
    sections: blocks.map((block) => block.section),
    escalation,
    template,
    links: links ? parseLinks(links) : [],
    findings: findings.items.sort((a, b) => a.line - b.line),
  };
}
