import type { Machine } from './machine.ts';
import type { SshTargetsBench } from './measure-ssh-targets.ts';

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
  /** RSS of the bare Bolt app (plain JavaScript, like the compiled bot) after its ack rounds: the floor for comparison. */
  bareBoltRssMb: number;
  /** RSS of the bot right after it became ready. */
  rssMbIdle: number;
  rssMbAfter1000: number;
  /** The step host process's RSS at the same moment (null: no host ran; steps ran in the bot). */
  stepHostRssMbAfter1000: number | null;
  rssSlopeMbPer100: number;
  /** Slope over the second half of the samples (after warm-up): the trend the budget looks at. */
  rssSlopeSecondHalfMbPer100: number;
  rssSamples: { done: number; mb: number }[];
  diagnosesPerSecond: number;
  /** Mean time to decide one step's risk on its bash syntax tree (api-down.md's commands). */
  classifyPerStepMs: number;
  /** Median of the bot's timed starts: spawn → first `GET /healthz` 200 (compiled build). */
  coldStartMs: number;
  coldStartRunsMs: number[];
  /** Median of the bare Bolt app's starts (spawn → its HTTP server answers), interleaved with the bot's. */
  bareBoltColdStartMs: number;
  bareBoltColdStartRunsMs: number[];
  /** coldStartMs / bareBoltColdStartMs, same run. */
  coldStartRatioVsBareBolt: number;
  benchSeconds: number;
  machine: Machine;
  /** Issue 17: a diagnose over 10 real sshd hosts vs the slowest alone; handshakes for two sections. */
  sshTargets?: SshTargetsBench;
  /** Issue 18: 1,000 Alertmanager posts in a minute to `/alerts/alertmanager` vs a bare node:http handler. */
  alertStorm?: AlertStormBench;
}

export interface AlertStormBench {
  posts: number;
  seconds: number;
  botP50Ms: number;
  botP99Ms: number;
  bareP50Ms: number;
  bareP99Ms: number;
  /** botP99Ms / bareP99Ms, same run, requests interleaved. */
  p99RatioVsBare: number;
  incidents: number;
  diagnoses: number;
  alertsRecorded: number;
  non200: number;
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
    {
      name: 'Cold start vs bare Bolt',
      budget: '≤ 1.5×',
      measured: `${r.coldStartRatioVsBareBolt}× (${r.coldStartMs} / ${r.bareBoltColdStartMs} ms, medians)`,
      holds: r.coldStartRatioVsBareBolt <= 1.5,
    },
    ...(r.alertStorm
      ? [
          {
            name: `Alert storm (${r.alertStorm.posts} posts in ${r.alertStorm.seconds} s)`,
            budget: 'p99 ≤ 1.2× bare handler; 1 incident, 1 diagnosis',
            measured: `${r.alertStorm.p99RatioVsBare}× (${r.alertStorm.botP99Ms} / ${r.alertStorm.bareP99Ms} ms); ${r.alertStorm.incidents} incident(s), ${r.alertStorm.diagnoses} diagnosis(es)`,
            holds:
              r.alertStorm.p99RatioVsBare <= 1.2 &&
              r.alertStorm.incidents === 1 &&
              r.alertStorm.diagnoses === 1 &&
              r.alertStorm.non200 === 0,
          },
        ]
      : []),
    ...(r.sshTargets
      ? [
          {
            name: `Diagnose over ${r.sshTargets.hosts} SSH targets`,
            budget: '≤ slowest host + 1 s; 1 handshake for 2 sections',
            measured: `${Math.round(r.sshTargets.fleetMs)} ms (slowest alone ${Math.round(r.sshTargets.slowestHostMs)} ms); ${r.sshTargets.handshakesForTwoSections} handshake(s)`,
            holds:
              r.sshTargets.fleetMs <= r.sshTargets.slowestHostMs + 1000 &&
              r.sshTargets.handshakesForTwoSections === 1,
          },
        ]
      : []),
  ];
}
