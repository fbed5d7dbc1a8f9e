import { describe, expect, it } from 'vitest';
import { decideRunAccess, isTerminalActor } from '../../src/core/run-access.ts';
import { type BindingInput, bindingSchema } from '../../src/runbook/binding/binding-schema.ts';

const binding = (input: Partial<BindingInput>) => bindingSchema.parse({ command: '/apidown', ...input });
/** The section has sensitive steps: the decision must say whether they run. */
const asks = { sensitive: true };
const groups: Record<string, string[]> = { S0ONCALL: ['U0ONCALL'], S0LEADS: ['U0LEAD'] };
const deps = {
  membersOf: async (group: string) => {
    if (group === 'S0BROKEN') throw new Error('usergroups.users.list failed');
    return groups[group] ?? [];
  },
};

describe('who may run sections, and sensitive steps', () => {
  it('without operators: anyone runs sections, only approvers run sensitive steps', async () => {
    const open = binding({ approvers: { users: ['U0APPR'], usergroups: ['S0LEADS'] } });
    expect(await decideRunAccess(deps, open, 'U0ANYONE', asks)).toEqual({ run: true, sensitive: false });
    expect(await decideRunAccess(deps, open, 'U0APPR', asks)).toEqual({ run: true, sensitive: true });
    expect(await decideRunAccess(deps, open, 'U0LEAD', asks)).toEqual({ run: true, sensitive: true });
  });

  it('with operators: operators (directly or by user group) and approvers only', async () => {
    const closed = binding({
      operators: { users: ['U0OPER'], usergroups: ['S0ONCALL'] },
      approvers: { users: ['U0APPR'] },
    });
    expect(await decideRunAccess(deps, closed, 'U0ANYONE')).toEqual({ run: false, sensitive: false });
    expect(await decideRunAccess(deps, closed, 'U0OPER')).toEqual({ run: true, sensitive: true });
    expect(await decideRunAccess(deps, closed, 'U0ONCALL')).toEqual({ run: true, sensitive: true });
    expect(await decideRunAccess(deps, closed, 'U0APPR')).toEqual({ run: true, sensitive: true });
  });

  it('asks Slack for user group members only when the answer depends on them', async () => {
    const asked: string[] = [];
    const counting = {
      membersOf: async (group: string) => {
        asked.push(group);
        return groups[group] ?? [];
      },
    };
    const open = binding({ approvers: { usergroups: ['S0LEADS'] } });
    expect(await decideRunAccess(counting, open, 'U0ANYONE')).toEqual({ run: true, sensitive: false });
    expect(asked).toEqual([]);
    expect(await decideRunAccess(counting, open, 'U0LEAD', asks)).toEqual({ run: true, sensitive: true });
    expect(asked).toEqual(['S0LEADS']);
  });

  it('fails closed when a user group cannot be read', async () => {
    const broken = binding({ operators: { usergroups: ['S0BROKEN'] } });
    expect(await decideRunAccess(deps, broken, 'U0ONCALL')).toEqual({ run: false, sensitive: false });
    expect(
      await decideRunAccess({}, binding({ operators: { usergroups: ['S0ONCALL'] } }), 'U0ONCALL'),
    ).toEqual({ run: false, sensitive: false });
  });

  it('empty operators means nobody but the approvers', async () => {
    const none = binding({ operators: { users: [] }, approvers: { users: ['U0APPR'] } });
    expect(await decideRunAccess(deps, none, 'U0ANYONE')).toEqual({ run: false, sensitive: false });
    expect(await decideRunAccess(deps, none, 'U0APPR')).toEqual({ run: true, sensitive: true });
  });

  it('the terminal (cli:<os user>) is the operator at the machine: trusted; Slack ids never look like it', async () => {
    const closed = binding({ operators: { users: ['U0OPER'] } });
    expect(await decideRunAccess(deps, closed, 'cli:root')).toEqual({ run: true, sensitive: true });
    expect(isTerminalActor('cli:ana.souza')).toBe(true);
    for (const other of ['U0OPER', 'bot', 'cli:', 'cli:a b', 'xcli:root'])
      expect(isTerminalActor(other)).toBe(false);
  });
});
