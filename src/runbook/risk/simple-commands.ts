import { parseShell, type SyntaxNode } from './shell-parser.ts';
import { type ShellWord, wordOf } from './shell-word.ts';

/**
 * Every simple command of shell text, in source order, as words — those inside pipelines, lists,
 * loops, functions and `$(…)` substitutions too. Text bash would not parse gives none.
 */
export function simpleCommands(text: string): ShellWord[][] {
  const parsed = parseShell(text);
  try {
    if (parsed.hasError) return [];
    const found: ShellWord[][] = [];
    const visit = (node: SyntaxNode) => {
      if (node.type === 'command') {
        const name = node.childForFieldName('name');
        if (name) {
          const words = [name.firstNamedChild ?? name, ...node.childrenForFieldName('argument')];
          found.push(words.map((word) => wordOf(word)));
        }
      }
      for (const child of node.namedChildren) if (child) visit(child);
    };
    visit(parsed.root);
    return found;
  } finally {
    parsed.dispose();
  }
}
