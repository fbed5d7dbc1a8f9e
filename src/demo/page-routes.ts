import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { ChannelBook } from './channel-view.ts';
import { isPng } from './channel-view.ts';
import { DEMO_GROUP, DEMO_USERS } from './demo-workspace.ts';
import { readRaw } from './emulator/body.ts';
import type { ExtraRoute, SlackEmulator } from './emulator/slack-emulator.ts';
import type { GuardVerdict, PageGuard } from './page-guard.ts';
import type { PersonActions } from './person-actions.ts';
import type { PageData } from './playground-page-data.ts';

/** The page's static files: a fixed list, so no path from the URL ever reaches the file system. */
const staticFiles: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/render-blocks.js': { file: 'render-blocks.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

const webDir = fileURLToPath(new URL('./web/', import.meta.url));

const securityHeaders = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
};

export interface PageScenarios {
  list: readonly { name: string; description: string }[];
  current(): Promise<string>;
  set(name: string): Promise<void>;
}

export interface PageRoutesDeps {
  emulator: SlackEmulator;
  /** Same-origin JSON with the page's token for every POST; the token goes into the served page. */
  guard: PageGuard;
  book: ChannelBook;
  /** Null until the bot listens. */
  actions: () => PersonActions | null;
  scenarios: PageScenarios;
  /** The slash commands of the loaded runbooks (shown as hints). */
  commands: () => string[];
  /** IANA zone of the bot's messages: the page shows times in it too. */
  timeZone: string;
  /** The page's words, people and hints, from the loaded runbooks (empty until the bot listens). */
  page?: () => PageData;
}

const userId = z.string().regex(/^U[A-Z0-9]+$/);
const commandInput = z.object({ user: userId, text: z.string().min(1).max(3000) });
const clickInput = z.object({
  user: userId,
  messageTs: z.string().max(40),
  actionId: z.string().min(1).max(255),
  blockId: z.string().max(255).optional(),
  value: z.string().max(2000).optional(),
  text: z.string().max(200).optional(),
});
const submitInput = z.object({
  user: userId,
  viewId: z.string().max(40),
  values: z.record(z.string().max(255), z.record(z.string().max(255), z.string().max(3000))),
});
const closeInput = z.object({ user: userId, viewId: z.string().max(40) });
const scenarioInput = z.object({ name: z.string().max(40) });

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...securityHeaders });
  response.end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const raw = await readRaw(request);
  return raw.length > 0 ? JSON.parse(raw.toString('utf8')) : {};
}

/** `/` (the page), `/ui/state`, `/ui/command|click|submit|close|scenario`, `/ui/files/:id`. */
export function pageRoutes(deps: PageRoutesDeps): ExtraRoute {
  const { emulator, book } = deps;

  const post: Record<string, (body: unknown, response: ServerResponse) => Promise<void>> = {
    '/ui/command': async (body, response) => {
      const input = commandInput.parse(body);
      const actions = deps.actions();
      if (!actions) return json(response, 503, { error: 'the bot is still starting' });
      json(response, 200, await actions.command(input.user, input.text));
    },
    '/ui/click': async (body, response) => {
      const input = clickInput.parse(body);
      const actions = deps.actions();
      if (!actions) return json(response, 503, { error: 'the bot is still starting' });
      json(response, 200, await actions.click(input));
    },
    '/ui/submit': async (body, response) => {
      const input = submitInput.parse(body);
      const actions = deps.actions();
      if (!actions) return json(response, 503, { error: 'the bot is still starting' });
      json(response, 200, await actions.submit(input.user, input.viewId, input.values));
    },
    '/ui/close': async (body, response) => {
      const input = closeInput.parse(body);
      deps.actions()?.close(input.viewId);
      json(response, 200, { closed: true });
    },
    '/ui/scenario': async (body, response) => {
      const input = scenarioInput.parse(body);
      if (!deps.scenarios.list.some((scenario) => scenario.name === input.name))
        return json(response, 400, { error: `unknown scenario ${input.name}` });
      await deps.scenarios.set(input.name);
      book.touch();
      json(response, 200, { scenario: input.name });
    },
  };

  const isPageRoute = (path: string) => Object.hasOwn(staticFiles, path) || path.startsWith('/ui/');
  const refuse = (response: ServerResponse, verdict: Exclude<GuardVerdict, { ok: true }>) =>
    json(response, verdict.status, { error: verdict.error });

  return async (path, request, response) => {
    const method = request.method ?? 'GET';
    if (!isPageRoute(path)) return false;
    const host = deps.guard.checkHost(request);
    if (!host.ok) {
      request.resume();
      refuse(response, host);
      return true;
    }
    const asset = staticFiles[path];
    if (asset && method === 'GET') {
      let content = await readFile(`${webDir}${asset.file}`);
      if (asset.file === 'index.html') {
        content = Buffer.from(content.toString('utf8').replace('__PLAYGROUND_TOKEN__', deps.guard.token));
      }
      response.writeHead(200, { 'content-type': asset.type, ...securityHeaders });
      response.end(content);
      return true;
    }
    if (path === '/ui/state' && method === 'GET') {
      const query = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams;
      const user = userId.safeParse(query.get('user'));
      const me = user.success ? user.data : (DEMO_USERS[0]?.id ?? '');
      json(response, 200, {
        ...book.view(me),
        users: DEMO_USERS,
        ...deps.page?.(),
        groups: [{ id: DEMO_GROUP.id, handle: DEMO_GROUP.handle }],
        scenario: await deps.scenarios.current(),
        scenarios: deps.scenarios.list,
        commands: deps.commands(),
        timeZone: deps.timeZone,
        ready: deps.actions() !== null,
      });
      return true;
    }
    if (path.startsWith('/ui/files/') && method === 'GET') {
      const id = decodeURIComponent(path.slice('/ui/files/'.length));
      const file = emulator.files.find((candidate) => candidate.id === id && candidate.channel);
      if (!file) {
        json(response, 404, { error: 'no such file' });
        return true;
      }
      // text/plain + nosniff: the browser shows the bytes, never runs them; a PNG (a chart) as an image.
      const type = isPng(file.content) ? 'image/png' : 'text/plain; charset=utf-8';
      response.writeHead(200, { 'content-type': type, ...securityHeaders });
      response.end(file.content);
      return true;
    }
    const handler = post[path];
    if (handler && method === 'POST') {
      // Before reading the body: a cross-site form post (text/plain, foreign Origin, no token) runs nothing.
      const allowed = deps.guard.checkPost(request);
      if (!allowed.ok) {
        request.resume();
        refuse(response, allowed);
        return true;
      }
      let body: unknown;
      try {
        body = await readJson(request);
      } catch {
        json(response, 400, { error: 'invalid JSON' });
        return true;
      }
      try {
        await handler(body, response);
      } catch (error) {
        if (error instanceof z.ZodError)
          json(response, 400, { error: 'invalid input', issues: error.issues });
        else throw error;
      }
      return true;
    }
    return false;
  };
}
