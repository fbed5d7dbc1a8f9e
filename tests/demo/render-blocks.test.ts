import { describe, expect, it } from 'vitest';
import {
  type RenderContext,
  renderBlock,
  renderBlocks,
  renderMrkdwn,
  toHtml,
  type VNode,
} from '../../src/demo/web/render-blocks.js';

const ctx: RenderContext = {
  userName: (id) => ({ U0ANA: 'Ana', U0BRUNO: 'Bruno' })[id] ?? null,
  groupHandle: (id) => (id === 'S0LEADS' ? 'devops-leads' : null),
};

const html = (nodes: Array<VNode | string>) => nodes.map(toHtml).join('');

describe('Block Kit -> page renderer', () => {
  it('shows a block type it cannot render as raw JSON with a visible warning, never drops it', () => {
    const block = { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [] }] };
    const out = toHtml(renderBlock(block, ctx));
    expect(out).toContain('class="unknown"');
    expect(out).toContain('⚠️ The playground cannot show block type &quot;rich_text&quot;');
    expect(out).toContain('&quot;rich_text_section&quot;');
    const all = renderBlocks([{ type: 'divider' }, block, { type: 'video' }], '', ctx);
    expect(all).toHaveLength(3);
    expect(html(all).match(/class="unknown"/g)).toHaveLength(2);
  });

  it('shows an unknown element inside a known block the same way', () => {
    const out = toHtml(
      renderBlock({ type: 'actions', elements: [{ type: 'static_select', action_id: 'pick' }] }, ctx),
    );
    expect(out).toContain('element &quot;static_select&quot;');
  });

  it('escapes text and JSON: markup in messages is shown, never run', () => {
    const evil = '<img src=x onerror=alert(1)> & "quotes" <script>alert(2)</script>';
    const out = html(renderMrkdwn(evil, ctx));
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<script');
    const raw = toHtml(renderBlock({ type: 'evil', text: '</pre><script>alert(3)</script>' }, ctx));
    expect(raw).not.toContain('<script');
    expect(raw).toContain('&lt;/pre&gt;&lt;script&gt;');
  });

  it('decodes Slack entities exactly once', () => {
    expect(html(renderMrkdwn('a &lt;b&gt; &amp;lt; c', ctx))).toBe('a &lt;b&gt; &amp;lt; c');
    expect(html(renderMrkdwn('`x &lt; 1`', ctx))).toBe('<code>x &lt; 1</code>');
  });

  it('renders mrkdwn: bold, italic, code, pre, quotes, mentions, user groups and links', () => {
    const text = [
      '*Sintomas:* _agora_ `curl -f x` ~old~',
      '> Error: ECONNREFUSED redis:6379',
      'por <@U0ANA>, aprovado por <@U0BRUNO> · <!subteam^S0LEADS> e <@U0ZED>',
      '<http://localhost:9090|Métricas> <javascript:alert(1)|bad> snake_case_name',
      '```line 1\n<b>line 2</b>```',
    ].join('\n');
    const out = html(renderMrkdwn(text, ctx));
    expect(out).toContain('<strong>Sintomas:</strong>');
    expect(out).toContain('<em>agora</em>');
    expect(out).toContain('<code>curl -f x</code>');
    expect(out).toContain('<s>old</s>');
    expect(out).toContain('<blockquote>Error: ECONNREFUSED redis:6379</blockquote>');
    expect(out).toContain('<span class="mention" title="U0ANA">@Ana</span>');
    expect(out).toContain('<span class="mention group" title="S0LEADS">@devops-leads</span>');
    expect(out).toContain('@U0ZED');
    expect(out).toContain(
      '<a href="http://localhost:9090" target="_blank" rel="noopener noreferrer">Métricas</a>',
    );
    expect(out).not.toContain('javascript:');
    expect(out).toContain('bad');
    expect(out).toContain('snake_case_name');
    expect(out).toContain('<pre>line 1\n&lt;b&gt;line 2&lt;/b&gt;</pre>');
  });

  it('renders header, section with fields and button accessory, context and actions with styles', () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: '🚨 API DOWN <b>' } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '*Card*' },
        fields: [
          { type: 'mrkdwn', text: '*Status*' },
          { type: 'plain_text', text: 'investigando' },
        ],
        accessory: {
          type: 'button',
          action_id: 'diagnose',
          value: '7',
          text: { type: 'plain_text', text: 'Go' },
        },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Aberto por <@U0ANA>' }] },
      {
        type: 'actions',
        block_id: 'card',
        elements: [
          {
            type: 'button',
            action_id: 'approve',
            value: 'a1',
            style: 'primary',
            text: { type: 'plain_text', text: 'Aprovar' },
          },
          {
            type: 'button',
            action_id: 'deny',
            value: 'a1',
            style: 'danger',
            text: { type: 'plain_text', text: 'Negar' },
          },
          {
            type: 'button',
            action_id: 'link',
            url: 'http://localhost:9090',
            text: { type: 'plain_text', text: 'Prometheus' },
          },
        ],
      },
    ];
    const out = html(renderBlocks(blocks, 'fallback', ctx));
    expect(out).toContain('<div class="b-header">🚨 API DOWN &lt;b&gt;</div>');
    expect(out).toContain('<div class="field"><strong>Status</strong></div>');
    expect(out).toContain('data-action-id="diagnose" data-value="7"');
    expect(out).toContain(
      '<div class="b-context"><span>Aberto por <span class="mention" title="U0ANA">@Ana</span>',
    );
    expect(out).toContain(
      'class="btn primary" type="button" data-action-id="approve" data-value="a1" data-block-id="card"',
    );
    expect(out).toContain('class="btn danger"');
    expect(out).toContain('href="http://localhost:9090"');
    expect(out).not.toContain('fallback');
  });

  it('falls back to the message text when there are no blocks', () => {
    expect(html(renderBlocks([], '*hi* <@U0BRUNO>', ctx))).toContain('<strong>hi</strong>');
  });

  it('renders modal inputs with their errors and keeps other input elements visible as JSON', () => {
    const input = {
      type: 'input',
      block_id: 'field:Causa raiz',
      label: { type: 'plain_text', text: 'Causa raiz' },
      element: { type: 'plain_text_input', action_id: 'value', multiline: true, initial_value: 'a < b' },
    };
    const out = toHtml(renderBlock(input, ctx, { 'field:Causa raiz': 'obrigatório' }));
    expect(out).toContain(
      '<textarea class="modal-input" data-block-id="field:Causa raiz" data-action-id="value"',
    );
    expect(out).toContain('>a &lt; b</textarea>');
    expect(out).toContain('<span class="input-error">obrigatório</span>');
    const select = toHtml(renderBlock({ ...input, element: { type: 'datepicker', action_id: 'd' } }, ctx));
    expect(select).toContain('class="unknown"');
  });
});
