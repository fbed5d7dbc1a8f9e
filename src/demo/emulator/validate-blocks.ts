/**
 * Block Kit checks the way Slack makes them, with Slack's documented limits: a message or modal the
 * real Slack refuses is refused here too (`invalid_blocks` / `invalid_arguments`, with json-pointer
 * messages), so a test or the playground cannot pass with blocks Slack would drop.
 */

export const BLOCK_KIT_LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  actionId: 255,
  blockId: 255,
  inputLabel: 2000,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
} as const;

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const length = (value: unknown): number => (typeof value === 'string' ? Array.from(value).length : 0);

class Problems {
  readonly list: string[] = [];
  add(message: string, pointer: string): void {
    this.list.push(`${message} [json-pointer:${pointer}]`);
  }
  max(value: unknown, limit: number, pointer: string): void {
    if (length(value) > limit) this.add(`must be less than ${limit + 1} characters`, pointer);
  }
}

function checkText(
  problems: Problems,
  text: unknown,
  pointer: string,
  limit: number,
  plainOnly = false,
): void {
  if (!isRecord(text)) {
    problems.add('must provide an object', pointer);
    return;
  }
  if (text.type !== 'plain_text' && (plainOnly || text.type !== 'mrkdwn')) {
    problems.add(plainOnly ? 'must be plain_text' : 'must be mrkdwn or plain_text', `${pointer}/type`);
  }
  if (length(text.text) === 0) problems.add('must be more than 0 characters', `${pointer}/text`);
  problems.max(text.text, limit, `${pointer}/text`);
}

function checkElement(problems: Problems, element: unknown, pointer: string): void {
  if (!isRecord(element)) {
    problems.add('must provide an object', pointer);
    return;
  }
  problems.max(element.action_id, BLOCK_KIT_LIMITS.actionId, `${pointer}/action_id`);
  if (element.type === 'button') {
    checkText(problems, element.text, `${pointer}/text`, BLOCK_KIT_LIMITS.buttonText, true);
    problems.max(element.value, BLOCK_KIT_LIMITS.buttonValue, `${pointer}/value`);
    problems.max(element.url, BLOCK_KIT_LIMITS.buttonUrl, `${pointer}/url`);
  }
}

function checkElements(problems: Problems, block: Json, pointer: string, max: number): void {
  const elements = block.elements;
  if (!Array.isArray(elements) || elements.length === 0) {
    problems.add('must provide at least 1 item', `${pointer}/elements`);
    return;
  }
  if (elements.length > max) problems.add(`must provide no more than ${max} items`, `${pointer}/elements`);
  elements.forEach((element, index) => {
    const at = `${pointer}/elements/${index}`;
    if (block.type === 'context') {
      if (isRecord(element) && (element.type === 'mrkdwn' || element.type === 'plain_text')) {
        if (length(element.text) === 0) problems.add('must be more than 0 characters', `${at}/text`);
      }
    } else checkElement(problems, element, at);
  });
}

function checkBlock(problems: Problems, block: unknown, pointer: string): void {
  if (!isRecord(block) || typeof block.type !== 'string') {
    problems.add('must provide a type', pointer);
    return;
  }
  problems.max(block.block_id, BLOCK_KIT_LIMITS.blockId, `${pointer}/block_id`);
  switch (block.type) {
    case 'section': {
      if (block.text === undefined && block.fields === undefined) {
        problems.add('must provide text or fields', pointer);
      }
      if (block.text !== undefined)
        checkText(problems, block.text, `${pointer}/text`, BLOCK_KIT_LIMITS.sectionText);
      if (block.fields !== undefined) {
        const fields = Array.isArray(block.fields) ? block.fields : [];
        if (fields.length > BLOCK_KIT_LIMITS.sectionFields) {
          problems.add(
            `must provide no more than ${BLOCK_KIT_LIMITS.sectionFields} items`,
            `${pointer}/fields`,
          );
        }
        for (const [index, field] of fields.entries()) {
          checkText(problems, field, `${pointer}/fields/${index}`, BLOCK_KIT_LIMITS.sectionFieldText);
        }
      }
      if (block.accessory !== undefined) checkElement(problems, block.accessory, `${pointer}/accessory`);
      return;
    }
    case 'header':
      checkText(problems, block.text, `${pointer}/text`, BLOCK_KIT_LIMITS.headerText, true);
      return;
    case 'context':
      checkElements(problems, block, pointer, BLOCK_KIT_LIMITS.contextElements);
      return;
    case 'actions':
      checkElements(problems, block, pointer, BLOCK_KIT_LIMITS.actionsElements);
      return;
    case 'input':
      checkText(problems, block.label, `${pointer}/label`, BLOCK_KIT_LIMITS.inputLabel, true);
      checkElement(problems, block.element, `${pointer}/element`);
      return;
    default:
      return;
  }
}

function checkBlocks(problems: Problems, blocks: unknown[], max: number, pointer: string): void {
  if (blocks.length > max) problems.add(`must provide no more than ${max} items`, pointer);
  for (const [index, block] of blocks.entries()) checkBlock(problems, block, `${pointer}/${index}`);
}

/**
 * Problems with a message's `blocks` argument (chat.postMessage, chat.postEphemeral, chat.update,
 * response_url). `allowEmpty`: only chat.update documents `blocks: []` (it clears the blocks).
 * Returns [] when Slack would accept it.
 */
export function messageBlockProblems(blocks: unknown, options: { allowEmpty: boolean }): string[] {
  if (blocks === undefined) return [];
  const problems = new Problems();
  if (!Array.isArray(blocks)) {
    problems.add('must provide an array', '/blocks');
    return problems.list;
  }
  if (blocks.length === 0 && !options.allowEmpty) problems.add('must provide at least 1 item', '/blocks');
  checkBlocks(problems, blocks, BLOCK_KIT_LIMITS.messageBlocks, '/blocks');
  return problems.list;
}

/** Problems with a modal (views.open, views.update, response_action update). */
export function viewProblems(view: Json): string[] {
  const problems = new Problems();
  if (view.type !== 'modal') problems.add('must be modal', '/view/type');
  checkText(problems, view.title, '/view/title', BLOCK_KIT_LIMITS.modalTitle, true);
  if (view.submit !== undefined && view.submit !== null) {
    checkText(problems, view.submit, '/view/submit', BLOCK_KIT_LIMITS.modalButton, true);
  }
  if (view.close !== undefined && view.close !== null) {
    checkText(problems, view.close, '/view/close', BLOCK_KIT_LIMITS.modalButton, true);
  }
  problems.max(view.private_metadata, BLOCK_KIT_LIMITS.privateMetadata, '/view/private_metadata');
  problems.max(view.callback_id, BLOCK_KIT_LIMITS.callbackId, '/view/callback_id');
  const blocks = Array.isArray(view.blocks) ? view.blocks : [];
  checkBlocks(problems, blocks, BLOCK_KIT_LIMITS.modalBlocks, '/view/blocks');
  return problems.list;
}
