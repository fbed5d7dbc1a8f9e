import { describe, expect, it } from 'vitest';
import { classifyRisk } from '../../../src/runbook/risk/classify-risk.ts';
import { READS, SENSITIVE, WRITES } from './corpus.ts';

const describeMiss = ([command, expected]: [string, string]) => {
  const verdict = classifyRisk(command);
  return `${JSON.stringify(command)}: expected ${expected}, got ${verdict.risk} (${verdict.reason})`;
};

describe('risk corpus (DESIGN §5)', () => {
  it('holds at least 200 commands', () => {
    expect(READS.length + SENSITIVE.length + WRITES.length).toBeGreaterThanOrEqual(200);
  });

  it('judges every write and attack `change`', () => {
    const misses = WRITES.filter(([command]) => classifyRisk(command).risk !== 'change');
    expect(misses.map(describeMiss)).toEqual([]);
  });

  it('never lets a secret-printing command pass as `read`', () => {
    const misses = SENSITIVE.filter(([command]) => classifyRisk(command).risk !== 'sensitive');
    expect(misses.map(describeMiss)).toEqual([]);
  });

  it('keeps at least 90 % of the ordinary reads `read`', () => {
    const misses = READS.filter(([command]) => classifyRisk(command).risk !== 'read');
    if (misses.length > 0) console.info(`reads judged otherwise:\n${misses.map(describeMiss).join('\n')}`);
    const kept = (READS.length - misses.length) / READS.length;
    console.info(
      `reads kept read: ${READS.length - misses.length}/${READS.length} (${(kept * 100).toFixed(1)} %)`,
    );
    expect(kept).toBeGreaterThanOrEqual(0.9);
  });
});
