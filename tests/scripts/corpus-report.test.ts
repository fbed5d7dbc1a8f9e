import { describe, expect, it } from 'vitest';
import {
  type CorpusFile,
  confusion,
  judgeFile,
  pickSample,
  reasonGroup,
  summarise,
} from '../../scripts/corpus-report.ts';

const runbook = [
  '# Pods crash',
  '',
  '## Check',
  '',
  '```bash',
  'kubectl get pods -n payments',
  '```',
  '',
  'Sample output:',
  '',
  '```',
  'NAME                        READY   STATUS             RESTARTS   AGE',
  'payments-7d9f8b6c5d-x2k4p   0/1     CrashLoopBackOff   12         40m',
  '```',
  '',
  '## Fix',
  '',
  '```bash',
  'kubectl -n payments rollout restart deployment/payments',
  '```',
  '',
  '```yaml',
  'replicas: 3',
  '```',
].join('\n');

const file: CorpusFile = { repo: 'acme/runbooks', commit: null, path: 'pods.md', text: runbook };

describe('scripts/corpus-report.ts', () => {
  it('gives every code block one verdict: read, change, not a step, or another language', () => {
    const judged = judgeFile(file);
    expect(judged.blocks.map((block) => [block.line, block.verdict])).toEqual([
      [5, 'read'],
      [11, 'not-a-step'],
      [18, 'change'],
      [22, 'other-language'],
    ]);
    const summary = summarise([judged]);
    expect(summary.blocks).toEqual({ read: 1, sensitive: 0, change: 1, notAStep: 1, otherLanguage: 1 });
    expect(summary.steps).toBe(2);
    expect(summary.topChangeReasons.map(([, n]) => n)).toEqual([1]);
  });

  it('the same seed picks the same sample, leaving out other-language blocks', () => {
    const blocks = judgeFile(file).blocks;
    const first = pickSample(blocks, 2, 7).map((block) => block.line);
    expect(pickSample(blocks, 2, 7).map((block) => block.line)).toEqual(first);
    expect(
      pickSample(blocks, 10, 7)
        .map((block) => block.line)
        .sort((a, b) => a - b),
    ).toEqual([5, 11, 18]);
  });

  it('compares hand labels with the verdicts: sensitive counts as read, misses are listed', () => {
    const blocks = new Map(judgeFile(file).blocks.map((b) => [`${b.repo}:${b.path}:${b.line}`, b]));
    const base = { repo: 'acme/runbooks', path: 'pods.md', tool: 'read' as const, command: '' };
    const result = confusion(
      [
        { ...base, line: 5, label: 'read' },
        { ...base, line: 11, label: 'not-a-step' },
        { ...base, line: 18, label: 'read' },
        { ...base, line: 99, label: 'read' },
      ],
      blocks,
    );
    expect(result.agree).toBe(2);
    expect(result.total).toBe(3);
    expect(result.missing).toEqual(['acme/runbooks:pods.md:99']);
    expect(result.wrong.map((w) => [w.hand, w.tool])).toEqual([['read', 'change']]);
  });

  it('groups change reasons without their notes and command substitutions', () => {
    expect(reasonGroup('oc $(oc get pod -o name) (an unquoted expansion could add options)')).toBe('oc $(…)');
    expect(reasonGroup('unrecognised: virtctl')).toBe('unrecognised: virtctl');
  });
});
