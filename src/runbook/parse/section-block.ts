import type { ListItem, Nodes, RootContent } from 'mdast';
import type { Section } from '../model.ts';

/** A heading with the Markdown that follows it up to the next heading, and its sub-sections. */
export interface SectionBlock {
  section: Section;
  content: RootContent[];
  children: SectionBlock[];
}

/** The block's own content followed by its sub-sections' content, in document order. */
export function contentWithDescendants(block: SectionBlock): RootContent[] {
  return [...block.content, ...block.children.flatMap((child) => contentWithDescendants(child))];
}

/** Every node of type `type` inside `nodes`, depth-first in document order. */
export function findAll<T extends Nodes['type']>(nodes: Nodes[], type: T): Extract<Nodes, { type: T }>[] {
  const found: Extract<Nodes, { type: T }>[] = [];
  const visit = (node: Nodes) => {
    if (node.type === type) found.push(node as Extract<Nodes, { type: T }>);
    if ('children' in node) for (const child of node.children) visit(child);
  };
  for (const node of nodes) visit(node);
  return found;
}

/** List items of the top-level lists in `nodes` (not the ones nested inside other items). */
export function topLevelItems(nodes: Nodes[]): ListItem[] {
  return nodes.flatMap((node) => (node.type === 'list' ? node.children : []));
}

/** Items nested inside an item's own sub-lists. */
export function nestedItems(item: ListItem): ListItem[] {
  return item.children.flatMap((child) => (child.type === 'list' ? child.children : []));
}

/** The first block (document order, parents first) whose section id matches. */
export function findBlock(blocks: SectionBlock[], pattern: RegExp): SectionBlock | undefined {
  return blocks.find((block) => pattern.test(block.section.id));
}
