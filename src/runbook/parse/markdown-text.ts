import type { Nodes } from 'mdast';

/** Plain text of a Markdown node: inline code keeps its text, emphasis markers are dropped. */
export function plainText(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string') return node.type === 'html' ? '' : node.value;
  if ('children' in node) return node.children.map((child) => plainText(child)).join('');
  return '';
}
