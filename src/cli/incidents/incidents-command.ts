import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Catalog } from '../../core/catalog.ts';
import { isUserError, UserError } from '../../core/errors.ts';
import { buildReport } from '../../core/incidents/incident-report.ts';
import { loadCatalog } from '../../core/load-catalog.ts';
import { renderIncidentReport } from '../../render/markdown/render-incident-report.ts';
import { openConfiguredStore, storeLocationFromEnv } from '../../store/open-configured-store.ts';
import { openStore, storeFileName } from '../../store/sqlite-store.ts';
import type { Store } from '../../store/store.ts';
import type { CliCommand, CliDeps } from '../cli-deps.ts';
import { renderIncidentList, renderIncidentShow } from './render-incident-text.ts';

const USAGE = [
  'usage: runbook-bot incidents list [--all] [--json] [--limit N]',
  '       runbook-bot incidents show <id> [--json]',
  '       runbook-bot incidents export <id> [--out FILE]',
].join('\n');

interface Context {
  deps: CliDeps;
  store: Store | null;
  storeFile: string;
  catalog: () => Promise<Catalog>;
  timeZone: string;
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        all: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        limit: { type: 'string' },
        out: { type: 'string', short: 'o' },
        runbooks: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UserError('usage', (error as Error).message, USAGE);
  }
}

function blank(value: string | undefined): string | undefined {
  return value?.trim() ? value : undefined;
}

function incidentId(text: string | undefined): number {
  const match = text ? /^#?(\d{1,12})$/.exec(text.trim()) : null;
  if (!match) throw new UserError('usage', `expected an incident id such as 7, got "${text ?? ''}"`, USAGE);
  return Number(match[1]);
}

function requireStore(context: Context, id: number): Store {
  if (!context.store) {
    throw new UserError(
      'not_found',
      `incident #${id} not found: there is no incident store at ${context.storeFile}`,
      'set DATA_DIR to the bot’s data folder',
    );
  }
  return context.store;
}

function findIncident(context: Context, id: number) {
  const incident = requireStore(context, id).getIncident(id);
  if (!incident) {
    throw new UserError(
      'not_found',
      `incident #${id} not found in ${context.storeFile}`,
      'list them with `runbook-bot incidents list --all`',
    );
  }
  return incident;
}

function limitOf(text: string | undefined): number {
  if (text === undefined) return 100;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1)
    throw new UserError('usage', `--limit expects a positive number, got "${text}"`);
  return limit;
}

async function list(context: Context, values: ReturnType<typeof parse>['values']): Promise<number> {
  const limit = limitOf(values.limit);
  const incidents = context.store?.listIncidents({ status: values.all ? undefined : 'open', limit }) ?? [];
  if (values.json) {
    context.deps.stdout.write(`${JSON.stringify(incidents, null, 2)}\n`);
  } else if (incidents.length === 0) {
    context.deps.stdout.write(
      values.all ? 'No incidents recorded.\n' : 'No open incidents (use --all to see resolved ones).\n',
    );
  } else {
    context.deps.stdout.write(renderIncidentList(incidents, context.timeZone));
  }
  return 0;
}

async function show(context: Context, id: number, json: boolean): Promise<number> {
  const incident = findIncident(context, id);
  const store = requireStore(context, id);
  const bound = (await context.catalog()).byRunbookId(incident.runbook);
  const timeline = store.listTimeline(id);
  const escalations = store.listEscalations(id);
  if (json) {
    context.deps.stdout.write(`${JSON.stringify({ incident, escalations, timeline }, null, 2)}\n`);
    return 0;
  }
  context.deps.stdout.write(
    renderIncidentShow({
      incident,
      runbookTitle: bound?.runbook.title ?? null,
      fields: bound?.runbook.template ?? [],
      timeline,
      escalations,
      locale: bound?.binding.locale ?? 'en',
      timeZone: context.timeZone,
      now: context.deps.clock.now(),
    }),
  );
  return 0;
}

async function exportReport(context: Context, id: number, out: string | undefined): Promise<number> {
  const incident = findIncident(context, id);
  const report = buildReport(
    {
      store: requireStore(context, id),
      catalog: await context.catalog(),
      clock: context.deps.clock,
      timeZone: context.timeZone,
    },
    incident,
  );
  const markdown = renderIncidentReport(report);
  if (out === undefined) {
    context.deps.stdout.write(markdown);
    return 0;
  }
  const file = path.resolve(context.deps.cwd, out);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, markdown);
  context.deps.stderr.write(`Wrote the report of incident #${id} to ${file}\n`);
  return 0;
}

async function dispatch(argv: string[], deps: CliDeps, setStore: (store: Store) => void): Promise<number> {
  const { values, positionals } = parse(argv);
  const [sub, target, ...extra] = positionals;
  if (!sub || extra.length > 0 || (sub === 'list' && target !== undefined)) {
    throw new UserError(
      'usage',
      sub ? `unexpected argument "${extra[0] ?? target}"` : 'expected list, show or export',
      USAGE,
    );
  }
  if (!['list', 'show', 'export'].includes(sub)) {
    throw new UserError('usage', `unknown incidents command "${sub}"`, USAGE);
  }
  const dataDir = path.resolve(deps.cwd, blank(deps.env.DATA_DIR) ?? './data');
  const storeFile = path.join(dataDir, storeFileName);
  let store: Store | null = null;
  const location = storeLocationFromEnv(deps.env, deps.cwd);
  if (location.databaseUrl) {
    store = openConfiguredStore(location, deps.clock);
    setStore(store);
  } else if (existsSync(storeFile)) {
    store = openStore({ file: storeFile, clock: deps.clock });
    setStore(store);
  }
  const runbooksDir = path.resolve(deps.cwd, values.runbooks ?? blank(deps.env.RUNBOOKS_DIR) ?? './runbooks');
  let catalog: Promise<Catalog> | null = null;
  const context: Context = {
    deps,
    store,
    storeFile,
    catalog: () => {
      catalog ??= loadCatalog(runbooksDir).then((loaded) => loaded.catalog);
      return catalog;
    },
    timeZone: blank(deps.env.TZ) ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC',
  };
  if (sub === 'list') return list(context, values);
  if (sub === 'show') return show(context, incidentId(target), values.json);
  return exportReport(context, incidentId(target), values.out);
}

/**
 * `runbook-bot incidents list|show|export`: the incident records from the store at
 * `DATA_DIR/runbook-bot.sqlite` (never changed; a missing store is not created), with the runbooks of `RUNBOOKS_DIR` for titles and the
 * report template. Unknown ids and usage errors print one clear message (exit 1 / 2).
 */
export const incidentsCommand: CliCommand = async (argv, deps) => {
  let store: Store | null = null;
  try {
    return await dispatch(argv, deps, (opened) => {
      store = opened;
    });
  } catch (error) {
    if (!isUserError(error)) throw error;
    deps.stderr.write(`runbook-bot incidents: ${error.message}\n${error.hint ? `${error.hint}\n` : ''}`);
    return error.code === 'usage' ? 2 : 1;
  } finally {
    (store as Store | null)?.close();
  }
};
