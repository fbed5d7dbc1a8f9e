// Types of the page's Block Kit renderer (plain JS served as is to the browser).

export interface VNode {
  tag: string;
  attrs?: Record<string, string>;
  children?: Array<VNode | string>;
}

export interface RenderContext {
  /** Display name of a user id, or null to show the id. */
  userName(id: string): string | null;
  /** Handle of a user group id, or null. */
  groupHandle(id: string): string | null;
}

export function h(
  tag: string,
  attrs?: Record<string, string>,
  children?: Array<VNode | string | null | undefined | false>,
): VNode;
export function decodeEntities(text: string): string;
export function renderInline(text: string, ctx: RenderContext): Array<VNode | string>;
export function renderMrkdwn(text: string, ctx: RenderContext): Array<VNode | string>;
export function renderText(text: unknown, ctx: RenderContext): Array<VNode | string>;
export function unknownNode(what: string, json: unknown): VNode;
export function renderBlock(block: unknown, ctx: RenderContext, errors?: Record<string, string>): VNode;
export function renderBlocks(
  blocks: unknown,
  text: string | undefined,
  ctx: RenderContext,
  errors?: Record<string, string>,
): VNode[];
export function toDom(node: VNode | string, doc: Document): Node;
export function toHtml(node: VNode | string): string;
