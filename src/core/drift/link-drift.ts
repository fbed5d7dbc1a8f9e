import path from 'node:path';
import { mapConcurrent } from '../../exec/map-concurrent.ts';
import type { Link } from '../../runbook/model.ts';
import type { DriftFinding } from './drift-report.ts';

export interface LinkProbeDeps {
  /** `globalThis.fetch` in production; a fake in tests. */
  fetch: (
    url: string,
    init: { method: string; signal: AbortSignal; redirect: 'follow' },
  ) => Promise<{ status: number }>;
  /** Whether a relative link's file exists (checked next to the runbook). */
  exists: (file: string) => Promise<boolean>;
  timeoutMs?: number;
}

/**
 * The runbook's links that no longer answer: an http(s) link that fails or answers 4xx/5xx (HEAD,
 * then GET when HEAD is not allowed), a relative link whose file is gone. Other schemes (mailto:)
 * are not checked.
 */
export async function linkDrift(
  runbookFile: string,
  links: readonly Link[],
  deps: LinkProbeDeps,
): Promise<DriftFinding[]> {
  const results = await mapConcurrent(links, 4, async (link) => {
    const got = await probe(runbookFile, link.url, deps);
    return got === null
      ? null
      : ({
          kind: 'link-unreachable',
          subject: link.url,
          title: link.title,
          expected: 'reachable',
          got,
        } as DriftFinding);
  });
  return results.filter((finding): finding is DriftFinding => finding !== null);
}

async function probe(runbookFile: string, url: string, deps: LinkProbeDeps): Promise<string | null> {
  if (/^https?:\/\//i.test(url)) {
    const head = await request(url, 'HEAD', deps);
    const answer = head === 405 || head === 501 ? await request(url, 'GET', deps) : head;
    if (typeof answer === 'string') return answer;
    return answer >= 400 ? `HTTP ${answer}` : null;
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('#')) return null;
  const file = path.resolve(path.dirname(runbookFile), decodeURI(url.split('#')[0] ?? url));
  return (await deps.exists(file)) ? null : 'no such file';
}

async function request(url: string, method: string, deps: LinkProbeDeps): Promise<number | string> {
  const timeoutMs = deps.timeoutMs ?? 5000;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await deps.fetch(url, { method, signal, redirect: 'follow' });
    return response.status;
  } catch (error) {
    if (signal.aborted) return `no answer within ${Math.round(timeoutMs / 1000)} s`;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? (error as Error).message ?? 'unreachable';
  }
}
