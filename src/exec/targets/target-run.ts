import type { SectionRun } from '../step-result.ts';

/** One target's part of a fleet run: its section run, or why the host could not be reached. */
export type TargetRun =
  | { target: string; reachable: true; run: SectionRun }
  | { target: string; reachable: false; reason: string; run: null };
