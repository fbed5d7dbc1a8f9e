export type RedactText = (text: string) => string;

/** Log values deeper than this are cut (a log line needs no more); see redactDeep for content. */
const LOG_MAX_DEPTH = 8;
/** Content (Block Kit, timeline data) is never cut: this only stops a pathological nesting. */
const CONTENT_MAX_DEPTH = 200;

/**
 * A copy of `value` with `redactText` applied to every string inside it (keys kept). Errors stay errors of
 * the same class (so pino's `err` serializer still names the type) with message, stack, cause and
 * own fields redacted.
 * Cycles and very deep values are cut, never followed.
 */
export function redactLogValue(value: unknown, redactText: RedactText): unknown {
  return redactWithin(value, redactText, LOG_MAX_DEPTH);
}

/**
 * The same walk for content the bot sends or stores (Slack blocks, files, timeline data): every
 * string redacted, shape kept, nothing cut at ordinary depths.
 */
export function redactDeep<T>(value: T, redactText: RedactText): T {
  return redactWithin(value, redactText, CONTENT_MAX_DEPTH) as T;
}

function redactWithin(value: unknown, redactText: RedactText, maxDepth: number): unknown {
  const seen = new WeakSet<object>();

  function walk(current: unknown, depth: number): unknown {
    if (typeof current === 'string') return redactText(current);
    if (current === null || typeof current !== 'object') return current;
    if (seen.has(current)) return '[Circular]';
    if (depth >= maxDepth) return '[Truncated]';
    seen.add(current);
    try {
      if (current instanceof Error) return redactError(current, (item) => walk(item, depth + 1));
      if (Array.isArray(current)) return current.map((item) => walk(item, depth + 1));
      if (current instanceof Date || Buffer.isBuffer(current)) return current;
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(current)) copy[key] = walk(item, depth + 1);
      return copy;
    } finally {
      seen.delete(current);
    }
  }

  return walk(value, 0);
}

function redactError(error: Error, walk: (value: unknown) => unknown): Error {
  // A host error (a DOMException from an aborted request) keeps name and message in getters that
  // throw on any other object: its copy is a plain Error holding those values as its own.
  const hosted = isHostError(error);
  const copy = Object.create(hosted ? Error.prototype : Object.getPrototypeOf(error)) as Error;
  for (const key of Object.getOwnPropertyNames(error)) {
    const descriptor = Object.getOwnPropertyDescriptor(error, key);
    if (!descriptor || !('value' in descriptor)) continue;
    Object.defineProperty(copy, key, { ...descriptor, value: walk(descriptor.value) });
  }
  if (hosted) {
    for (const key of ['name', 'message', 'stack'] as const) {
      if (!Object.hasOwn(copy, key)) {
        Object.defineProperty(copy, key, { value: walk(error[key]), writable: true, configurable: true });
      }
    }
  }
  return copy;
}

function isHostError(error: Error): boolean {
  for (let proto = Object.getPrototypeOf(error); proto && proto !== Error.prototype; ) {
    if (Object.getOwnPropertyDescriptor(proto, 'message')?.get) return true;
    proto = Object.getPrototypeOf(proto);
  }
  return false;
}
