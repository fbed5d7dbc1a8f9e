import { createTurns } from '../exec/process/spawn-turns.ts';

/**
 * One command's or click's work per turn of the event loop, after its `ack()`: requests already
 * waiting (other people's commands and clicks) are parsed and acknowledged before this one's work
 * starts, and when fifty arrive together, the loop reads new requests between one's work and the
 * next instead of after all fifty (docs/BENCHMARKS.md, "Ack rounds"). Not a delay: no clock.
 */
const afterAckTurns = createTurns();

export function afterPendingAcks(): Promise<void> {
  return afterAckTurns();
}
