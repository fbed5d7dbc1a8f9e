import type { Link } from '../model.ts';
import { cleanTitle } from './clean-title.ts';
import { plainText } from './markdown-text.ts';
import { contentWithDescendants, findAll, type SectionBlock } from './section-block.ts';

export const LINKS_SECTION =
  /^(links?(-uteis|-util|-useful)?|useful-links|references|referencias|links-e-referencias|see-also|veja-tambem|related-links)$/;

/** Every link of the links section, in order: `[title](url)` -> `{title, url}`. */
export function parseLinks(block: SectionBlock): Link[] {
  return findAll(contentWithDescendants(block), 'link').map((link) => {
    const title = cleanTitle(plainText(link));
    return { title: title === '' ? link.url : title, url: link.url };
  });
}
