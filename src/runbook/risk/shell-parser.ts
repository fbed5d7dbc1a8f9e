import { createRequire } from 'node:module';
import { Language, type Node, Parser } from 'web-tree-sitter';

export type { Node as SyntaxNode } from 'web-tree-sitter';

/*
 * The bash grammar (tree-sitter-bash, as WebAssembly) is loaded once, when this module is
 * imported (~50 ms): the top-level await keeps `parseShell` — and so `classifyRisk` —
 * synchronous for every caller. A parse then takes about 0.1 ms.
 */
const require = createRequire(import.meta.url);
await Parser.init();
const bash = await Language.load(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'));
const parser = new Parser();
parser.setLanguage(bash);

export interface ParsedShell {
  root: Node;
  /** True when the text has ERROR or MISSING nodes: bash would not read it the way we do. */
  hasError: boolean;
  /** Frees the WebAssembly memory of the tree. */
  dispose: () => void;
}

/** Parses shell text into a bash syntax tree. */
export function parseShell(text: string): ParsedShell {
  const tree = parser.parse(text);
  if (!tree) throw new Error('the bash parser returned no tree');
  return { root: tree.rootNode, hasError: tree.rootNode.hasError, dispose: () => tree.delete() };
}
