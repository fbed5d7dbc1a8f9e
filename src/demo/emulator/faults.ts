import type { FailRateOptions, Fault } from './types.ts';

const defaultKinds: Fault[] = [{ status: 429, retryAfter: 1 }, { status: 500 }];

/** Deterministic PRNG (mulberry32) so fault tests replay the same sequence for a seed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Queued one-shot faults plus an optional random failure rate. */
export class FaultPlan {
  private queue: Fault[] = [];
  private rate: { ratio: number; kinds: Fault[]; methods?: string[]; random: () => number } | null = null;

  failNext(fault: Fault, times = 1): void {
    for (let i = 0; i < times; i++) this.queue.push(fault);
  }

  failRate(options: FailRateOptions): void {
    this.rate =
      options.ratio > 0
        ? {
            ratio: options.ratio,
            kinds: options.kinds?.length ? options.kinds : defaultKinds,
            methods: options.methods,
            random: seeded(options.seed ?? 1),
          }
        : null;
  }

  clear(): void {
    this.queue = [];
    this.rate = null;
  }

  /** The fault for this call, if any (consumes a queued one). */
  take(method: string): Fault | undefined {
    const index = this.queue.findIndex((fault) => fault.method === undefined || fault.method === method);
    if (index >= 0) return this.queue.splice(index, 1)[0];
    const rate = this.rate;
    if (!rate) return undefined;
    const eligible = rate.methods ? rate.methods.includes(method) : method !== 'auth.test';
    if (!eligible || rate.random() >= rate.ratio) return undefined;
    return rate.kinds[Math.floor(rate.random() * rate.kinds.length)];
  }
}
