// The playground page: polls /ui/state and draws the channel, the open thread and the modal from
// the Block Kit the bot really sent. Every text goes in through render-blocks.js (text nodes only).
import { h, renderBlocks, toDom } from './render-blocks.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
let me = params.get('user') || sessionStorage.getItem('me') || 'U0ANA';
let openThread = null;
let data = null;
let drawnKey = '';
let modalKey = null;

const ctx = {
  userName: (id) => data?.users.find((user) => user.id === id)?.name ?? null,
  groupHandle: (id) => data?.groups.find((group) => group.id === id)?.handle ?? null,
};

// The per-page token the server embedded in this page: every POST carries it (another site cannot read it).
const pageToken = document.querySelector('meta[name="playground-token"]')?.getAttribute('content') ?? '';

async function api(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-playground-token': pageToken },
    body: JSON.stringify(body),
  });
  return response.json();
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

function mount(node, vnodes) {
  clear(node);
  for (const vnode of vnodes) node.appendChild(toDom(vnode, document));
}

function clock(ts) {
  const date = new Date(Number(ts) * 1000);
  const options = { hour: '2-digit', minute: '2-digit', hour12: false };
  try {
    return date.toLocaleTimeString([], { ...options, timeZone: data.timeZone });
  } catch {
    return date.toLocaleTimeString([], options);
  }
}

function messageNode(message, { inThread }) {
  const replies = inThread ? [] : data.messages.filter((reply) => reply.thread_ts === message.ts);
  const labels = [
    message.ephemeral ? h('span', { class: 'tag ephemeral' }, ['👁 Only visible to you']) : null,
    message.broadcast
      ? h('span', { class: 'tag' }, [inThread ? 'also sent to #incidents' : 'replied to a thread'])
      : null,
    message.updates > 0 ? h('span', { class: 'edited' }, ['(edited)']) : null,
  ];
  return h('div', { class: `message${message.ephemeral ? ' is-ephemeral' : ''}`, 'data-ts': message.ts }, [
    h('div', { class: 'avatar' }, [message.source === 'emulator' ? '⚙' : 'RB']),
    h('div', { class: 'message-main' }, [
      h('div', { class: 'message-meta' }, [
        h('strong', {}, [message.source === 'emulator' ? 'playground' : 'runbook-bot']),
        message.source === 'emulator' ? null : h('span', { class: 'app-badge' }, ['APP']),
        h('span', { class: 'time' }, [clock(message.ts)]),
        ...labels,
      ]),
      h('div', { class: 'blocks' }, renderBlocks(message.blocks, message.text, ctx)),
      replies.length > 0
        ? h('button', { class: 'replies', type: 'button', 'data-open-thread': message.ts }, [
            `💬 ${replies.length} ${replies.length === 1 ? 'reply' : 'replies'} — open thread`,
          ])
        : null,
    ]),
  ]);
}

function keepBottom(node, draw) {
  const atBottom = node.scrollHeight - node.scrollTop - node.clientHeight < 80;
  draw();
  if (atBottom) node.scrollTop = node.scrollHeight;
}

/** The first thing to type, from the loaded runbooks (e.g. `/x diagnostico`, or `/x help`). */
function startCommand() {
  return data.start || `${data.commands[0] ?? ''} help`.trim();
}

function drawChannel() {
  const top = [
    ...data.messages.filter((message) => !message.thread_ts || message.broadcast),
    ...data.ephemerals.filter((message) => !message.thread_ts),
  ].sort((a, b) => Number(a.ts) - Number(b.ts));
  const nodes = top.map((message) => messageNode(message, { inThread: false }));
  if (nodes.length === 0) {
    nodes.push(
      h('div', { class: 'empty' }, [
        'Nothing here yet. Type ',
        h('code', {}, [startCommand()]),
        ' below and press Enter.',
      ]),
    );
  }
  keepBottom($('messages'), () => mount($('messages'), nodes));
}

function drawThread() {
  const pane = $('thread-pane');
  const parent = openThread && data.messages.find((message) => message.ts === openThread);
  pane.hidden = !parent;
  if (!parent) return;
  const items = [
    ...data.messages.filter((message) => message.thread_ts === openThread),
    ...data.ephemerals.filter((message) => message.thread_ts === openThread),
  ].sort((a, b) => Number(a.ts) - Number(b.ts));
  const files = data.files.filter((file) => file.thread_ts === openThread);
  const nodes = [
    messageNode(parent, { inThread: true }),
    h('div', { class: 'thread-divider' }, [`${items.length} ${items.length === 1 ? 'reply' : 'replies'}`]),
    ...items.map((message) => messageNode(message, { inThread: true })),
  ];
  if (files.length > 0) {
    nodes.push(
      h('div', { class: 'thread-files' }, [
        h('strong', {}, ['Files in this thread']),
        h(
          'ul',
          {},
          files.map((file) =>
            h('li', {}, [
              h('a', { href: file.url, target: '_blank', rel: 'noopener' }, [`📎 ${file.title}`]),
              h('span', { class: 'muted' }, [` · ${file.filename} · ${file.size} bytes`]),
              ...(file.image
                ? [
                    h(
                      'img',
                      { class: 'thread-image', src: file.url, alt: file.image.alt, title: file.image.alt },
                      [],
                    ),
                  ]
                : []),
            ]),
          ),
        ),
      ]),
    );
  }
  keepBottom($('thread-messages'), () => mount($('thread-messages'), nodes));
}

function drawSidebar() {
  mount(
    $('people'),
    data.users.map((user) =>
      h(
        'button',
        { type: 'button', class: `person${user.id === me ? ' active' : ''}`, 'data-user': user.id },
        [h('strong', {}, [user.name]), h('span', {}, [user.role])],
      ),
    ),
  );
  // The scenario switch drives the simulated host: shown only when a loaded runbook runs against it.
  $('scenario').closest('section').hidden = data.simulatedHost === false;
  const select = $('scenario');
  if (select.options.length !== data.scenarios.length) {
    mount(
      select,
      data.scenarios.map((scenario) => h('option', { value: scenario.name }, [scenario.name])),
    );
  }
  if (document.activeElement !== select) select.value = data.scenario;
  $('scenario-desc').textContent = data.scenarios.find((s) => s.name === data.scenario)?.description ?? '';
  mount(
    $('files'),
    data.files.length === 0
      ? [h('li', { class: 'muted' }, ['none yet'])]
      : data.files.map((file) =>
          h('li', {}, [
            h('a', { href: file.url, target: '_blank', rel: 'noopener' }, [`📎 ${file.filename}`]),
          ]),
        ),
  );
  const name = ctx.userName(me) ?? me;
  $('composer-input').placeholder = `Message #${data.channel.name} as ${name} — e.g. ${startCommand()}`;
  $('me').textContent = name;
  mount(
    $('hints'),
    (data.hints ?? []).map((text) =>
      h('button', { type: 'button', class: 'hint', 'data-hint': text }, [text]),
    ),
  );
}

function drawModal() {
  const modal = data.modal;
  const key = modal ? `${modal.id}:${modal.view.hash}:${JSON.stringify(modal.errors)}` : '';
  if (key === modalKey) return;
  modalKey = key;
  $('modal-backdrop').hidden = !modal;
  if (!modal) return clear($('modal'));
  const view = modal.view;
  // Redrawn with errors: keep what the person typed.
  const typed = new Map();
  if ($('modal').dataset.viewId === modal.id) {
    for (const field of $('modal').querySelectorAll('.modal-input'))
      typed.set(field.dataset.blockId, field.value);
  }
  mount($('modal'), [
    h('div', { class: 'modal-title' }, [String(view.title?.text ?? 'Modal')]),
    h('div', { class: 'modal-body' }, renderBlocks(view.blocks, '', ctx, modal.errors)),
    h('div', { class: 'modal-buttons' }, [
      h('button', { type: 'button', class: 'btn', 'data-modal-close': modal.id }, [
        String(view.close?.text ?? 'Cancel'),
      ]),
      view.submit
        ? h('button', { type: 'submit', class: 'btn primary' }, [String(view.submit.text ?? 'Submit')])
        : null,
    ]),
  ]);
  $('modal').dataset.viewId = modal.id;
  for (const field of $('modal').querySelectorAll('.modal-input')) {
    if (typed.has(field.dataset.blockId)) field.value = typed.get(field.dataset.blockId);
  }
}

function draw() {
  drawSidebar();
  drawChannel();
  drawThread();
  drawModal();
  $('status').textContent = data.ready ? 'bot connected' : 'bot starting…';
}

async function poll() {
  try {
    const response = await fetch(`/ui/state?user=${encodeURIComponent(me)}`);
    data = await response.json();
    const key = `${data.version}:${me}:${openThread}`;
    if (key !== drawnKey) {
      drawnKey = key;
      draw();
    }
  } catch {
    $('status').textContent = 'playground stopped?';
  }
}

function redraw() {
  drawnKey = '';
  poll();
}

document.addEventListener('click', async (event) => {
  const target = event.target instanceof Element ? event.target : null;
  const person = target?.closest('[data-user]');
  if (person) {
    me = person.dataset.user;
    sessionStorage.setItem('me', me);
    modalKey = null;
    return redraw();
  }
  const thread = target?.closest('[data-open-thread]');
  if (thread) {
    openThread = thread.dataset.openThread;
    return redraw();
  }
  const hint = target?.closest('[data-hint]');
  if (hint) {
    $('composer-input').value = hint.dataset.hint;
    $('composer-input').focus();
    return;
  }
  const close = target?.closest('[data-modal-close]');
  if (close) {
    await api('/ui/close', { user: me, viewId: close.dataset.modalClose });
    return redraw();
  }
  const button = target?.closest('button[data-action-id]');
  const message = button?.closest('[data-ts]');
  if (button && message) {
    button.disabled = true;
    await api('/ui/click', {
      user: me,
      messageTs: message.dataset.ts,
      actionId: button.dataset.actionId,
      ...(button.dataset.value !== undefined ? { value: button.dataset.value } : {}),
      ...(button.dataset.blockId ? { blockId: button.dataset.blockId } : {}),
      text: button.textContent.slice(0, 200),
    });
    button.disabled = false;
    redraw();
  }
});

$('thread-close').addEventListener('click', () => {
  openThread = null;
  redraw();
});

$('composer').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('composer-input');
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  $('composer-status').textContent = `sending ${text} as ${ctx.userName(me) ?? me}…`;
  const answer = await api('/ui/command', { user: me, text });
  $('composer-status').textContent =
    answer.status === 200
      ? `${text} — sent as ${ctx.userName(me) ?? me}, the bot acked in ${answer.ms} ms`
      : `${text} — the bot answered ${answer.status ?? answer.error}`;
  redraw();
});

$('modal').addEventListener('submit', async (event) => {
  event.preventDefault();
  const values = {};
  for (const field of $('modal').querySelectorAll('.modal-input')) {
    const block = field.dataset.blockId;
    values[block] = { ...values[block], [field.dataset.actionId]: field.value };
  }
  await api('/ui/submit', { user: me, viewId: $('modal').dataset.viewId, values });
  modalKey = null;
  redraw();
});

$('scenario').addEventListener('change', async (event) => {
  await api('/ui/scenario', { name: event.target.value });
  redraw();
});

poll();
setInterval(poll, 500);
