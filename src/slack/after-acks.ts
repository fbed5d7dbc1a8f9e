/**
 * Yields to the event loop once, after `ack()`: requests already waiting (other people's commands
 * and clicks) are parsed and acknowledged before this one's work starts. Not a delay: no clock.
 */
export function afterPendingAcks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
