import type { Machine } from './machine.ts';

/** What `npm run bench -- --json` prints. Times in ms, memory in MB. */
export interface BenchResults {
  ackP50Ms: number;
  ackP99Ms: number;
  /** Ack of `diagnose` (the work starts right after the ack). */
  ackDiagnoseP50Ms: number;
  ackDiagnoseP99Ms: number;
  bareBoltAckP50Ms: number;
  bareBoltAckP99Ms: number;
  ackRatioVsBareBolt: number;
  /** Median of SectionRun durationMs minus its slowest step (api-down.md on the simulated host). */
  diagnoseOverheadMs: number;
  diagnoseOverheadMaxMs: number;
  /** Slash sent -> verdicts in the thread, minus the slowest step (card already there). */
  diagnoseOverheadE2eMs: number;
  /** Same for a channel's first diagnose: includes the card post and Slack's 1 msg/s pacing. */
  diagnoseOverheadE2eFirstMs: number;
  /** Median SectionRun overhead over the 1,000 light diagnoses (under 50-channel load). */
  diagnoseOverheadUnderLoadP50Ms: number;
  diagnoseOverheadUnderLoadP99Ms: number;
  /** Max over the measured diagnoses (first and repeat). */
  slackCallsPerDiagnose: number;
  slackCallsPerDiagnoseFirst: number;
  slackCallsPerDiagnoseRepeat: number;
  /** Fastest gap between two posts to one channel, over the whole run. */
  minPostGapPerChannelMs: number;
  rssMbBefore: number;
  /** RSS of the bare Bolt app (same tsx loader) after its ack rounds: the floor for comparison. */
  bareBoltRssMb: number;
  /** RSS of the bot right after it became ready. */
  rssMbIdle: number;
  rssMbAfter1000: number;
  rssSlopeMbPer100: number;
  /** Slope over the second half of the samples (after warm-up): the trend the budget looks at. */
  rssSlopeSecondHalfMbPer100: number;
  rssSamples: { done: number; mb: number }[];
  diagnosesPerSecond: number;
  /** Mean time to decide one step's risk on its bash syntax tree (api-down.md's commands). */
  classifyPerStepMs: number;
  coldStartMs: number;
  coldStartRunsMs: number[];
  benchSeconds: number;
  machine: Machine;
}

export interface BudgetCheck {
  name: string;
  budget: string;
  measured: string;
  holds: boolean;
}

/** DESIGN.md §9, checked against one run. */
export function checkBudgets(r: BenchResults): BudgetCheck[] {
  return [
    {
      name: 'Ack p99, 50 concurrent',
      budget: '≤ 50 ms',
      measured: `${r.ackP99Ms} ms (help/status); ${r.ackDiagnoseP99Ms} ms (diagnose)`,
      holds: r.ackP99Ms <= 50 && r.ackDiagnoseP99Ms <= 50,
    },
    {
      name: 'Ack p99 vs bare Bolt',
      budget: '≤ 1.2×',
      measured: `${r.ackRatioVsBareBolt}× (${r.ackP99Ms} / ${r.bareBoltAckP99Ms} ms)`,
      holds: r.ackRatioVsBareBolt <= 1.2,
    },
    {
      name: 'Diagnose wall time − slowest check',
      budget: '≤ 250 ms',
      measured: `${r.diagnoseOverheadMs} ms in the bot (max ${r.diagnoseOverheadMaxMs}); ${r.diagnoseOverheadE2eMs} ms slash→thread`,
      holds: r.diagnoseOverheadMaxMs <= 250 && r.diagnoseOverheadE2eMs <= 250,
    },
    {
      name: 'Web API calls per diagnose',
      budget: '≤ 4',
      measured: `${r.slackCallsPerDiagnose} (first ${r.slackCallsPerDiagnoseFirst}, repeat ${r.slackCallsPerDiagnoseRepeat})`,
      holds: r.slackCallsPerDiagnose <= 4,
    },
    {
      name: 'Messages per channel',
      budget: '≤ 1 per second',
      measured: `closest two posts in one channel: ${r.minPostGapPerChannelMs} ms apart`,
      holds: r.minPostGapPerChannelMs >= 1000,
    },
    {
      name: 'RSS after 1,000 diagnoses',
      budget: '≤ 150 MB, no growth trend',
      measured: `${r.rssMbAfter1000} MB; slope ${r.rssSlopeMbPer100} MB/100 (second half ${r.rssSlopeSecondHalfMbPer100})`,
      holds: r.rssMbAfter1000 <= 150 && r.rssSlopeSecondHalfMbPer100 <= 1,
    },
  ];
}
