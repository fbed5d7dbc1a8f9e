/** The playground's pretend workspace: one channel, three people, one user group. */

export interface DemoUser {
  id: string;
  name: string;
  /** What this person does in the demo, shown next to the "who am I" switch. */
  role: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { id: 'U0ANA', name: 'Ana', role: 'on call: asks for things' },
  { id: 'U0BRUNO', name: 'Bruno', role: 'approver' },
  { id: 'U0CARLA', name: 'Carla', role: 'lead: DevOps Lead, Tech Lead, CTO' },
];

export const DEMO_REQUESTER = 'U0ANA';
export const DEMO_APPROVER = 'U0BRUNO';
export const DEMO_LEAD = 'U0CARLA';

export const DEMO_GROUP = { id: 'S0LEADS', handle: 'devops-leads', members: [DEMO_LEAD] } as const;

export const DEMO_CHANNEL = { id: 'C0DEMO', name: 'incidents' } as const;

export const DEMO_TEAM = 'T0DEMO';

export function demoUser(id: string): DemoUser | undefined {
  return DEMO_USERS.find((user) => user.id === id);
}
