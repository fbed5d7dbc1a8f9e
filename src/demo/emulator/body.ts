import type { IncomingMessage } from 'node:http';

/** Fields that Slack clients send as JSON strings inside a form. */
const jsonFields = new Set([
  'blocks',
  'attachments',
  'view',
  'files',
  'metadata',
  'user_auth_blocks',
  'unfurls',
]);

export async function readRaw(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

function parseJsonField(key: string, value: string): unknown {
  if (!jsonFields.has(key)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export interface ParsedBody {
  fields: Record<string, unknown>;
  /** The first file part of a multipart body, if any. */
  file?: Buffer;
}

/** Parses a form-encoded, JSON or multipart body the way a Slack server would read it. */
export async function parseBody(raw: Buffer, contentType: string | undefined): Promise<ParsedBody> {
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('application/json')) {
    const parsed: unknown = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : {};
    return { fields: isRecord(parsed) ? parsed : { value: parsed } };
  }
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(raw), {
      headers: { 'content-type': contentType ?? '' },
    }).formData();
    const entries: [string, FormDataEntryValue][] = [];
    form.forEach((value, key) => {
      entries.push([key, value]);
    });
    const fields: Record<string, unknown> = {};
    let file: Buffer | undefined;
    for (const [key, value] of entries) {
      if (typeof value === 'string') fields[key] = parseJsonField(key, value);
      else file ??= Buffer.from(await value.arrayBuffer());
    }
    return { fields, file };
  }
  const fields: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw.toString('utf8')))
    fields[key] = parseJsonField(key, value);
  return { fields };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
