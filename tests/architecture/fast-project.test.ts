import { execFile, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';

// Runs in the `fast` project, whose setup (tests/support/in-process-only.ts) refuses processes and servers.
describe('the fast project', () => {
  it('refuses to start a child process, naming where a slow test belongs', ({ task }) => {
    task.meta.expectsRefusal = true;
    expect(() => spawn('true')).toThrow(/SLOW_TESTS \(tests\/test-projects\.ts\)/);
    expect(() => execFile('true')).toThrow(/not allowed/);
  });

  it('refuses to start a server', ({ task }) => {
    task.meta.expectsRefusal = true;
    const server = createServer();
    expect(() => server.listen(0, '127.0.0.1')).toThrow(/a listening server is not allowed/);
  });

  // The check after each test fails this one although its body swallowed the refusal (as execa does).
  it.fails('fails a test that started a process even when the caller swallowed the refusal', () => {
    try {
      spawn('bash', ['-c', 'true']);
    } catch {
      // swallowed
    }
  });

  it('keeps the shared offline setup', async () => {
    const failure = await fetch('http://example.com/').catch((error: Error) => error);
    expect(String((failure as Error).cause ?? failure)).toMatch(/Disallowed net connect/);
  });
});
