import { describe, expect, it } from 'vitest';
import { codeSpan, escapeMrkdwn } from '../../src/render/slack/escape-mrkdwn.ts';
import { cutMiddle, fitBlocks, packLines, truncateEnd } from '../../src/render/slack/limits.ts';
import { mentionActor, mentionAudience, mentionGroup, mentionUser } from '../../src/render/slack/mentions.ts';
import { raw, st } from '../../src/render/slack/slack-text.ts';

describe('escaping and mentions', () => {
  it('escapes &, < and >', () => {
    expect(escapeMrkdwn('<script>&</script>')).toBe('&lt;script&gt;&amp;&lt;/script&gt;');
    expect(codeSpan('a `b`\nc <d>')).toBe('`a ˋbˋ c &lt;d&gt;`');
  });

  it('formats mentions and refuses to forge them', () => {
    expect(mentionUser('U0ANA')).toBe('<@U0ANA>');
    expect(mentionGroup('S0DEVOPS')).toBe('<!subteam^S0DEVOPS>');
    expect(mentionUser('<!channel>')).toBe('&lt;!channel&gt;');
    expect(mentionGroup('here>')).toBe('here&gt;');
    expect(mentionAudience({ users: ['U1'], usergroups: ['S2'] })).toBe('<@U1>, <!subteam^S2>');
    expect(mentionActor('cli:ana')).toBe('ana (CLI)');
    expect(mentionActor('bot')).toBe('runbook-bot');
  });

  it('escapes template text and plain parameters but not raw ones', () => {
    expect(st('en', 'card.opened', { user: raw('<@U1>'), time: '14:02', relative: '<b>' })).toBe(
      'Opened by <@U1> at 14:02 (&lt;b&gt;)',
    );
    expect(st('en', 'help.sections', { command: '/apidown' })).toContain('run &lt;section-id&gt;');
  });
});

describe('limits', () => {
  it('cuts the middle, keeping head and tail, without splitting entities or mentions', () => {
    const text = `${'a'.repeat(100)}${'&amp;'.repeat(1000)}<@U123>${'z'.repeat(100)}`;
    const cut = cutMiddle(text, 300);
    expect(cut.length).toBeLessThanOrEqual(300);
    expect(cut.startsWith('a'.repeat(100))).toBe(true);
    expect(cut.endsWith('z'.repeat(100))).toBe(true);
    expect(cut).toContain('✂');
    const withoutMarker = cut.replace(/\n… ✂ …\n/, '');
    expect(withoutMarker.replace(/&amp;|<@U123>/g, '')).toMatch(/^a+z+$/);
  });

  it('truncates plain text by characters and fits blocks', () => {
    expect(truncateEnd('🚨'.repeat(200), 150)).toHaveLength(150 * 2 - 1);
    const blocks = Array.from({ length: 80 }, () => ({ type: 'divider' as const }));
    const fitted = fitBlocks(blocks, (n) => ({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `${n} more` }],
    }));
    expect(fitted).toHaveLength(50);
    expect(JSON.stringify(fitted.at(-1))).toContain('31 more');
  });

  it('packs lines into texts of at most the limit', () => {
    const chunks = packLines(
      Array.from({ length: 100 }, () => 'x'.repeat(100)),
      1000,
    );
    expect(chunks.every((chunk) => chunk.length <= 1000)).toBe(true);
    expect(chunks.join('\n')).toHaveLength(100 * 101 - 1);
  });
});
