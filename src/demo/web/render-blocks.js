// Block Kit -> a small tree of plain objects ({tag, attrs, children}; strings are text).
// Pure: no DOM here, so it runs in the page (toDom) and in unit tests (toHtml). Text is never
// parsed as HTML: toDom makes text nodes, toHtml escapes.

/** @typedef {{ tag: string, attrs?: Record<string, string>, children?: Array<VNode | string> }} VNode */

/**
 * @param {string} tag
 * @param {Record<string, string>} [attrs]
 * @param {Array<VNode | string | null | undefined | false>} [children]
 * @returns {VNode}
 */
export function h(tag, attrs = {}, children = []) {
  return {
    tag,
    attrs,
    children: children.filter((child) => child !== null && child !== undefined && child !== false),
  };
}

const ENTITIES = { '&lt;': '<', '&gt;': '>', '&amp;': '&' };

/** Slack escapes only &, < and > in text. */
export function decodeEntities(text) {
  return String(text).replace(/&(lt|gt|amp);/g, (entity) => ENTITIES[entity]);
}

function safeUrl(url) {
  return /^(https?:\/\/|mailto:|\/)/i.test(url) ? url : null;
}

/** `<@U1>`, `<!subteam^S1>`, `<#C1|name>`, `<!here>`, `<url|text>` -> a node. */
function special(inner, ctx) {
  const [target, label] = splitOnce(inner, '|');
  if (target.startsWith('@')) {
    const id = target.slice(1);
    return h('span', { class: 'mention', title: id }, [`@${ctx.userName(id) ?? label ?? id}`]);
  }
  if (target.startsWith('!subteam^')) {
    const id = target.slice('!subteam^'.length);
    const handle = ctx.groupHandle(id) ?? label?.replace(/^@/, '') ?? id;
    return h('span', { class: 'mention group', title: id }, [`@${handle}`]);
  }
  if (target.startsWith('!')) return h('span', { class: 'mention' }, [`@${label ?? target.slice(1)}`]);
  if (target.startsWith('#')) return h('span', { class: 'mention' }, [`#${label ?? target.slice(1)}`]);
  const url = safeUrl(decodeEntities(target));
  const text = decodeEntities(label ?? target);
  return url ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, [text]) : text;
}

function splitOnce(text, separator) {
  const index = text.indexOf(separator);
  return index < 0 ? [text, undefined] : [text.slice(0, index), text.slice(index + 1)];
}

// Order matters: code first (nothing inside is formatted), then <…>, then *bold*, _italic_, ~strike~.
const INLINE =
  /`([^`\n]+)`|<([^<>\n]+)>|(?<![\w*])\*(?!\s)([^*\n]+?)\*(?![\w*])|(?<![\w])_(?!\s)([^_\n]+?)_(?![\w])|(?<![\w~])~(?!\s)([^~\n]+?)~(?![\w~])/g;

/** One line of mrkdwn (no code fences, no quotes) -> nodes. */
export function renderInline(text, ctx) {
  const out = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    if (match.index > last) out.push(decodeEntities(text.slice(last, match.index)));
    const [, code, angle, bold, italic, strike] = match;
    if (code !== undefined) out.push(h('code', {}, [decodeEntities(code)]));
    else if (angle !== undefined) out.push(special(angle, ctx));
    else if (bold !== undefined) out.push(h('strong', {}, renderInline(bold, ctx)));
    else if (italic !== undefined) out.push(h('em', {}, renderInline(italic, ctx)));
    else if (strike !== undefined) out.push(h('s', {}, renderInline(strike, ctx)));
    last = match.index + match[0].length;
  }
  if (last < text.length) out.push(decodeEntities(text.slice(last)));
  return out;
}

function renderLines(text, ctx) {
  const out = [];
  const lines = text.split('\n');
  let quote = [];
  const flushQuote = () => {
    if (quote.length > 0)
      out.push(h('blockquote', {}, joinLines(quote.map((line) => renderInline(line, ctx)))));
    quote = [];
  };
  const plain = [];
  const flushPlain = () => {
    if (plain.length > 0) out.push(...joinLines(plain.map((line) => renderInline(line, ctx))));
    plain.length = 0;
  };
  for (const line of lines) {
    const quoted = /^(?:>|&gt;) ?(.*)$/.exec(line);
    if (quoted) {
      flushPlain();
      quote.push(quoted[1]);
    } else {
      flushQuote();
      plain.push(line);
    }
  }
  flushPlain();
  flushQuote();
  return out;
}

function joinLines(lines) {
  const out = [];
  lines.forEach((nodes, index) => {
    if (index > 0) out.push(h('br'));
    out.push(...nodes);
  });
  return out;
}

/** Slack mrkdwn -> nodes: ```pre```, > quotes, `code`, *bold*, _italic_, ~strike~, mentions, links. */
export function renderMrkdwn(text, ctx) {
  const out = [];
  const parts = String(text ?? '').split('```');
  parts.forEach((part, index) => {
    if (index % 2 === 1 && index < parts.length - 1) {
      out.push(h('pre', {}, [decodeEntities(part.replace(/^\n/, ''))]));
    } else {
      const prefix = index % 2 === 1 ? '```' : '';
      out.push(...renderLines(prefix + part, ctx));
    }
  });
  return out;
}

/** A text object (plain_text or mrkdwn) -> nodes. */
export function renderText(text, ctx) {
  if (!text || typeof text !== 'object') return [];
  if (text.type === 'mrkdwn') return renderMrkdwn(text.text, ctx);
  return [String(text.text ?? '')];
}

/** Shown instead of anything the page cannot draw: never dropped silently. */
export function unknownNode(what, json) {
  return h('div', { class: 'unknown' }, [
    h('div', { class: 'unknown-warning' }, [`⚠️ The playground cannot show ${what}; raw JSON:`]),
    h('pre', { class: 'raw-json' }, [JSON.stringify(json, null, 2)]),
  ]);
}

function button(element, where) {
  const label = renderText(element.text, noMentions);
  const cls = [
    'btn',
    element.style === 'primary' ? 'primary' : '',
    element.style === 'danger' ? 'danger' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const url = element.url ? safeUrl(element.url) : null;
  if (url)
    return h('a', { class: `${cls} link`, href: url, target: '_blank', rel: 'noopener noreferrer' }, label);
  const attrs = { class: cls, type: 'button', 'data-action-id': String(element.action_id ?? '') };
  if (element.value !== undefined) attrs['data-value'] = String(element.value);
  if (where.blockId) attrs['data-block-id'] = String(where.blockId);
  return h('button', attrs, label);
}

const noMentions = { userName: () => null, groupHandle: () => null };

function element(item, where, ctx) {
  if (item?.type === 'button') return button(item, where);
  if (item?.type === 'image' && safeUrl(String(item.image_url ?? '')))
    return h('img', { class: 'ctx-image', src: item.image_url, alt: String(item.alt_text ?? '') });
  if (item?.type === 'mrkdwn' || item?.type === 'plain_text') return h('span', {}, renderText(item, ctx));
  return unknownNode(`element "${item?.type}"`, item);
}

function input(block, ctx, errors) {
  const el = block.element ?? {};
  if (el.type !== 'plain_text_input') return unknownNode(`input element "${el.type}"`, block);
  const attrs = {
    class: 'modal-input',
    'data-block-id': String(block.block_id ?? ''),
    'data-action-id': String(el.action_id ?? ''),
  };
  if (el.placeholder?.text) attrs.placeholder = String(el.placeholder.text);
  if (el.max_length) attrs.maxlength = String(el.max_length);
  if (!block.optional) attrs.required = 'required';
  const initial = el.initial_value ? [String(el.initial_value)] : [];
  const field = el.multiline
    ? h('textarea', { ...attrs, rows: '3' }, initial)
    : h('input', { ...attrs, type: 'text', value: initial[0] ?? '' });
  const error = errors?.[block.block_id];
  return h('label', { class: 'input-block' }, [
    h('span', { class: 'input-label' }, [
      ...renderText(block.label, ctx),
      block.optional ? ' (optional)' : '',
    ]),
    field,
    block.hint ? h('span', { class: 'input-hint' }, renderText(block.hint, ctx)) : null,
    error ? h('span', { class: 'input-error' }, [String(error)]) : null,
  ]);
}

/** One block -> a node; unknown types become raw JSON with a warning. */
export function renderBlock(block, ctx, errors) {
  const where = { blockId: block?.block_id };
  switch (block?.type) {
    case 'header':
      return h('div', { class: 'b-header' }, renderText(block.text, ctx));
    case 'divider':
      return h('hr', { class: 'b-divider' });
    case 'section': {
      const accessory = block.accessory
        ? h('div', { class: 'accessory' }, [element(block.accessory, where, ctx)])
        : null;
      const fields = Array.isArray(block.fields)
        ? h(
            'div',
            { class: 'fields' },
            block.fields.map((field) => h('div', { class: 'field' }, renderText(field, ctx))),
          )
        : null;
      return h('div', { class: 'b-section' }, [
        h('div', { class: 'section-body' }, [
          block.text ? h('div', { class: 'section-text' }, renderText(block.text, ctx)) : null,
          fields,
        ]),
        accessory,
      ]);
    }
    case 'context':
      return h(
        'div',
        { class: 'b-context' },
        (block.elements ?? []).map((item) => element(item, where, ctx)),
      );
    case 'actions':
      return h(
        'div',
        { class: 'b-actions' },
        (block.elements ?? []).map((item) => element(item, where, ctx)),
      );
    case 'image':
      if (!safeUrl(String(block.image_url ?? '')))
        return unknownNode('an image without an http(s) URL', block);
      return h('img', { class: 'b-image', src: block.image_url, alt: String(block.alt_text ?? '') });
    case 'input':
      return input(block, ctx, errors);
    default:
      return unknownNode(`block type "${block?.type}"`, block);
  }
}

/** A message's blocks -> nodes; without blocks, its text as mrkdwn. */
export function renderBlocks(blocks, text, ctx, errors) {
  if (Array.isArray(blocks) && blocks.length > 0)
    return blocks.map((block) => renderBlock(block, ctx, errors));
  return [
    h('div', { class: 'b-section' }, [h('div', { class: 'section-text' }, renderMrkdwn(text ?? '', ctx))]),
  ];
}

const ALLOWED_ATTRS = new Set([
  'class',
  'href',
  'target',
  'rel',
  'title',
  'type',
  'src',
  'alt',
  'placeholder',
  'maxlength',
  'required',
  'rows',
  'value',
]);

function allowed(name) {
  return ALLOWED_ATTRS.has(name) || name.startsWith('data-');
}

/** Tree -> DOM with createElement/textContent only (never innerHTML). */
export function toDom(node, doc) {
  if (typeof node === 'string') return doc.createTextNode(node);
  const el = doc.createElement(node.tag);
  for (const [name, value] of Object.entries(node.attrs ?? {})) {
    if (!allowed(name)) continue;
    if (name === 'value' && node.tag === 'input') el.value = value;
    else el.setAttribute(name, value);
  }
  for (const child of node.children ?? []) el.appendChild(toDom(child, doc));
  return el;
}

function escapeHtml(text) {
  return String(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
}

const VOID = new Set(['br', 'hr', 'img', 'input']);

/** Tree -> escaped HTML text (tests and debugging; the page uses toDom). */
export function toHtml(node) {
  if (typeof node === 'string') return escapeHtml(node);
  const attrs = Object.entries(node.attrs ?? {})
    .filter(([name]) => allowed(name))
    .map(([name, value]) => ` ${name}="${escapeHtml(value)}"`)
    .join('');
  if (VOID.has(node.tag)) return `<${node.tag}${attrs}>`;
  return `<${node.tag}${attrs}>${(node.children ?? []).map(toHtml).join('')}</${node.tag}>`;
}
