import type { PipelineCommand } from '../../runbook/risk/output-pipeline.ts';
import type { Judgement } from './judge-step.ts';
import { trimGot } from './pick-relevant-line.ts';

/** What the built-in pods judge expects when the runbook wrote nothing. */
export const PODS_EXPECTED = 'Ready';

const KUBECTL = new Set(['kubectl', 'oc']);
/** `microk8s kubectl …`, `k3s kubectl …`. */
const KUBECTL_HOSTS = new Set(['microk8s', 'k3s']);
const PODS = /^(?:pods?|po)(?:[/,]|$)/;
/** States a pod is fine in although not every container is Ready: a job that ran to the end. */
const FINISHED = /^(?:Completed|Succeeded)$/;
/** States that are a failure whatever the READY column says. */
const BROKEN =
  /^(?:CrashLoopBackOff|Error|OOMKilled|ImagePullBackOff|ErrImagePull|InvalidImageName|CreateContainerConfigError|CreateContainerError|RunContainerError|ContainerStatusUnknown|Evicted|Pending|Unknown|NodeLost|Init:.+)$/;

interface PodRow {
  name: string;
  ready: string;
  status: string;
}

/**
 * `kubectl get pods` / `oc get pods` (table output, alone or filtered by grep) with no written
 * expectation still means "are the pods healthy?": a pod not Ready (`0/1`) or in
 * CrashLoopBackOff, Error, OOMKilled, ImagePullBackOff, Pending… fails, naming the pods. A
 * finished job pod (`0/1 Completed`) is fine. Null when the step is not such a command or the
 * output has no pod rows.
 */
export function judgeGetPods(pipeline: readonly PipelineCommand[], output: string): Judgement | null {
  const first = pipeline[0];
  if (first === undefined || !isGetPodsTable(first)) return null;
  const pods = podRows(output);
  if (pods.length === 0) return null;
  const failing = pods.filter(isFailing);
  if (failing.length === 0) {
    const ready = pods.filter((pod) => !FINISHED.test(pod.status)).length;
    return {
      status: 'pass',
      detail: { kind: 'matched', expected: PODS_EXPECTED, got: `${PODS_EXPECTED} ${ready}/${pods.length}` },
    };
  }
  const named = failing.map((pod) => `${pod.name} ${pod.ready} ${pod.status}`).join(', ');
  return { status: 'fail', detail: { kind: 'expected_got', expected: PODS_EXPECTED, got: trimGot(named) } };
}

/** `kubectl get pods` with the table output (the default or `-o wide`; not json, yaml, name…). */
function isGetPodsTable(command: PipelineCommand): boolean {
  const args =
    KUBECTL_HOSTS.has(command.program) && command.args[0] === 'kubectl' ? command.args.slice(1) : null;
  if (!KUBECTL.has(command.program) && args === null) return false;
  const words = args ?? command.args;
  const get = words.indexOf('get');
  if (get === -1 || !words.slice(get + 1).some((word) => PODS.test(word))) return false;
  return outputFormat(words) === null || outputFormat(words) === 'wide';
}

/** The value of `-o FORMAT`, `-oFORMAT`, `--output FORMAT`, `--output=FORMAT`; null when absent. */
function outputFormat(words: readonly string[]): string | null {
  for (let at = 0; at < words.length; at++) {
    const word = words[at]!;
    if (word === '-o' || word === '--output') return words[at + 1] ?? null;
    if (word.startsWith('--output=')) return word.slice('--output='.length);
    if (/^-o./.test(word)) return word.slice(2).replace(/^=/, '');
  }
  return null;
}

/**
 * Rows of the table, with or without its header (grep drops it): the READY column is the first
 * `n/m` word, the name is the word before it, the STATUS the word after it.
 */
function podRows(output: string): PodRow[] {
  const rows: PodRow[] = [];
  for (const line of output.split('\n')) {
    const words = line.trim().split(/\s+/);
    if (words[0] === 'NAME' || words[0] === 'NAMESPACE') continue;
    const readyAt = words.findIndex((word) => /^\d+\/\d+$/.test(word));
    if (readyAt < 1 || readyAt + 1 >= words.length) continue;
    rows.push({ name: words[readyAt - 1]!, ready: words[readyAt]!, status: words[readyAt + 1]! });
  }
  return rows;
}

function isFailing(pod: PodRow): boolean {
  if (FINISHED.test(pod.status)) return false;
  if (BROKEN.test(pod.status)) return true;
  const [ready, total] = pod.ready.split('/').map(Number) as [number, number];
  return ready < total;
}
