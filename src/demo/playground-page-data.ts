import { type BoundRunbook, diagnoseWords } from '../core/catalog.ts';
import { DEMO_APPROVER, DEMO_GROUP, DEMO_LEAD, DEMO_USERS, type DemoUser } from './demo-workspace.ts';

/** One loaded runbook as the page shows it. */
export interface PageRunbook {
  id: string;
  title: string;
  command: string;
  /** The words the binding maps, in its order. */
  subcommands: string[];
  /** True when its steps run against the simulated host (its tools, its scenarios). */
  simulated: boolean;
}

/** What the page says and offers, all of it from the loaded runbooks (nothing about one runbook in particular). */
export interface PageData {
  runbooks: PageRunbook[];
  /** The people, with what each does for these runbooks. */
  users: DemoUser[];
  /** The first thing to type: `/x <word that runs the diagnosis>`, else `/x help`. */
  start: string;
  /** Commands offered as one-click hints under the composer. */
  hints: string[];
  /** The scenario switch only matters when a runbook runs against the simulated host. */
  simulatedHost: boolean;
}

/** The page's words for the runbooks the bot loaded. `simulated(id)`: bound to the simulated host. */
export function describePlayground(
  runbooks: readonly BoundRunbook[],
  simulated: (runbookId: string) => boolean,
): PageData {
  const pages = runbooks.map((bound) => ({
    id: bound.runbook.id,
    title: bound.runbook.title,
    command: bound.binding.command,
    subcommands: Object.keys(bound.binding.subcommands),
    simulated: simulated(bound.runbook.id),
  }));
  const first = runbooks[0];
  const diagnose = first ? diagnoseWords(first) : null;
  const start = first ? `${first.binding.command} ${diagnose}` : '';
  const hints = first
    ? [
        ...new Set([diagnose, 'help', 'status', 'resolve'].filter((word): word is string => word !== null)),
      ].map((word) => `${first.binding.command} ${word}`)
    : [];
  return {
    runbooks: pages,
    users: DEMO_USERS.map((user) => ({ ...user, role: roleOf(user, runbooks) })),
    start,
    hints,
    simulatedHost: pages.some((page) => page.simulated),
  };
}

/** Ana asks; Bruno approves; Carla approves and answers for the escalation roles bound to her. */
function roleOf(user: DemoUser, runbooks: readonly BoundRunbook[]): string {
  if (user.id === DEMO_APPROVER) return 'approver';
  if (user.id !== DEMO_LEAD) return 'on call: asks for things';
  const roles = new Set<string>();
  for (const bound of runbooks) {
    for (const [role, who] of Object.entries(bound.binding.roles)) {
      if (who.users.includes(DEMO_LEAD) || who.usergroups.includes(DEMO_GROUP.id)) roles.add(role);
    }
  }
  return roles.size > 0 ? `lead: ${[...roles].join(', ')}` : 'lead: may approve';
}
