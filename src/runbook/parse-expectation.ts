import type { Paragraph } from 'mdast';
import { plainText } from './markdown-text.ts';

/**
 * Labels that introduce an expected result, pt-BR and English:
 * "Status Esperado", "Resposta Esperada", "Saída esperada", "Expected", "Expected output"…
 */
const LABEL =
  /^\s*(?:(?:status|resposta|sa[ií]da|resultado|retorno|valor)\s+esperad[oa]|esperad[oa]|expected(?:\s+(?:output|response|result|status|value))?)\s*:\s*/i;

/** `**Status Esperado**: \`Up (healthy)\`` -> "Up (healthy)"; null when the paragraph is not an expectation. */
export function parseExpectation(paragraph: Paragraph): string | null {
  const text = plainText(paragraph).trim();
  const label = LABEL.exec(text);
  if (!label) return null;
  const code = paragraph.children.find((child) => child.type === 'inlineCode');
  if (code && code.type === 'inlineCode') return code.value.trim() || null;
  const rest = text.slice(label[0].length).trim().replace(/[.;]$/, '');
  return rest === '' ? null : rest;
}
