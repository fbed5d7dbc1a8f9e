import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { redactLogValue } from '../../src/observability/redact-log-values.ts';

const hide = (text: string) => text.replaceAll('s3cret', '***');

class StepFailed extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
    this.name = 'StepFailed';
  }
}

describe('redactLogValue', () => {
  it('redacts strings at any depth and keeps other values', () => {
    const when = new Date(0);
    expect(redactLogValue({ a: 's3cret', b: [1, 'x s3cret'], c: { d: null, e: true, when } }, hide)).toEqual({
      a: '***',
      b: [1, 'x ***'],
      c: { d: null, e: true, when },
    });
  });

  it('keeps the error class and redacts message, stack, own fields and cause', () => {
    const error = new StepFailed('failed with s3cret', 'out s3cret');
    (error as { cause?: unknown }).cause = new Error('because s3cret');
    const copy = redactLogValue(error, hide) as StepFailed & { cause: Error };
    expect(copy).toBeInstanceOf(StepFailed);
    expect(copy.message).toBe('failed with ***');
    expect(copy.output).toBe('out ***');
    expect(copy.stack).not.toContain('s3cret');
    expect(copy.cause.message).toBe('because ***');
    expect(error.message).toBe('failed with s3cret');
  });

  it('a timed-out request (DOMException cause) still logs its name and message', () => {
    const error = new Error('request to s3cret failed');
    (error as { cause?: unknown }).cause = new DOMException('aborted due to timeout s3cret', 'TimeoutError');
    const copy = redactLogValue(error, hide) as Error & { cause: Error };
    expect(copy.cause.name).toBe('TimeoutError');
    expect(copy.cause.message).toBe('aborted due to timeout ***');
    expect(JSON.stringify(pino.stdSerializers.err(copy))).toContain('aborted due to timeout ***');
  });

  it('cuts cycles instead of looping, but keeps shared references', () => {
    const shared = { v: 's3cret' };
    const looped: Record<string, unknown> = { shared, again: shared };
    looped.self = looped;
    expect(redactLogValue(looped, hide)).toEqual({
      shared: { v: '***' },
      again: { v: '***' },
      self: '[Circular]',
    });
  });
});
