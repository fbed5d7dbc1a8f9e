import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { DEMO_APPROVER, DEMO_GROUP, DEMO_LEAD } from './demo-workspace.ts';
import { DEMO_CHARTS } from './simulated-charts.ts';

export interface DemoRunbooksInput {
  /** Where the runbooks come from (the repo's runbooks/ or the team's RUNBOOKS_DIR). */
  sourceDir: string;
  /** A fresh folder the bot reads (the source is never changed). */
  targetDir: string;
  /** The simulated host's workdir: replaces api-down's workdir. */
  sandboxDir: string;
  /** Load only these runbook ids (the others are returned in `skipped`); default every one. */
  only?: readonly string[];
}

/** The runbooks the simulated host (sandbox/) stands in for: the only ones run without --real-host. */
export const SIMULATED_RUNBOOKS: readonly string[] = ['api-down'];

type BindingData = Record<string, unknown>;

const isRecord = (value: unknown): value is BindingData =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const list = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/** api-down against the simulated host: the page's three people, a short escalation (a ping within a minute). */
export function demoApiDownBinding(binding: BindingData, sandboxDir: string): BindingData {
  const approvers = isRecord(binding.approvers) ? binding.approvers : {};
  return {
    ...binding,
    workdir: sandboxDir,
    channels: [],
    approvers: {
      ...approvers,
      users: [DEMO_APPROVER],
      usergroups: [DEMO_GROUP.id],
      allowSelfApproval: false,
    },
    roles: {
      'DevOps Lead': { usergroups: [DEMO_GROUP.id] },
      'Tech Lead': { users: [DEMO_LEAD] },
      CTO: { users: [DEMO_LEAD] },
    },
    escalation: [{ notify: ['DevOps Lead'], after: '45s' }],
    // drawn from the simulated host (demo/simulated-charts.ts): the playground has no Prometheus
    charts: Array.isArray(binding.charts) && binding.charts.length > 0 ? binding.charts : DEMO_CHARTS,
  };
}

/** Any other runbook keeps its binding; the demo people may approve, and every channel may use it. */
export function demoOtherBinding(binding: BindingData): BindingData {
  const approvers = isRecord(binding.approvers) ? binding.approvers : {};
  const users = [...new Set([...list(approvers.users), DEMO_APPROVER, DEMO_LEAD])];
  return { ...binding, channels: [], approvers: { ...approvers, users } };
}

/** Copies the runbooks (those in `only`, when given) and writes their demo bindings; returns the runbook ids. */
export async function prepareDemoRunbooks(input: DemoRunbooksInput): Promise<string[]> {
  await mkdir(input.targetDir, { recursive: true });
  const names = (await readdir(input.sourceDir)).filter((name) => name.endsWith('.md')).sort();
  const ids: string[] = [];
  for (const name of names) {
    const id = name.slice(0, -'.md'.length);
    if (input.only && !input.only.includes(id)) continue;
    ids.push(id);
    await writeFile(path.join(input.targetDir, name), await readFile(path.join(input.sourceDir, name)));
    let text: string;
    try {
      text = await readFile(path.join(input.sourceDir, `${id}.yml`), 'utf8');
    } catch {
      continue; // no binding: the bot uses its defaults
    }
    const parsed: unknown = parse(text);
    const binding = isRecord(parsed) ? parsed : {};
    const demo =
      id === 'api-down' ? demoApiDownBinding(binding, input.sandboxDir) : demoOtherBinding(binding);
    await writeFile(path.join(input.targetDir, `${id}.yml`), stringify(demo));
  }
  return ids;
}
