// Part of `npm run build` (scripts/build.mjs): a V8 code cache for a command bundle, made at build
// time into dist/ (never into DATA_DIR, which the bot user can write: docs/SECURITY.md).
//
// Node 20 keeps no code cache for ES modules, and compiling the 4 MB `serve` bundle was the largest
// single cost of its start (docs/BENCHMARKS.md, "Memory and start-up"). `vm.Script` takes V8's
// `cachedData`, but runs scripts, not modules. So the bundle's ES module text is turned into the body
// of one async function (same text, same columns: each `import … from` becomes spaces and is
// declared at the top instead, `import()` and `import.meta` become same-length names of the
// function's parameters, the `export {…}` becomes a `return`), saved as `<name>.body.js`; V8's code
// cache of it, taken after its top level ran once, is `<name>.body.cache`; and `<name>.js` becomes a
// small module that compiles the body with that cache, runs it and exports what it returned.
//
// When V8 rejects the cache (another Node or V8 version, other V8 flags, a changed body), it compiles
// the body as if there were no cache: slower, never wrong. `RUNBOOK_BOT_CODE_CACHE=off` ignores it.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { init, parse } from 'es-module-lexer';

/** Same length as `import` (6) and `import.meta` (11): the columns of the source map stay true. */
const DYNAMIC_IMPORT = '__imp$';
const IMPORT_META = '__imp$meta$';

/** `{a as b, default as c}` → `{a:b,default:c}` (the module namespace is destructured). */
function destructuring(namedList) {
  return namedList.replace(/\s+as\s+/g, ':');
}

/** One static import statement as declarations reading from `await __imp$(spec)`. */
function declarationsFor(statement, spec, index) {
  const clause = statement
    .replace(/^import\s*/, '')
    .replace(/\s*from\s*["'][^"']*["']\s*;?\s*$/, '')
    .replace(/^["'][^"']*["']\s*;?\s*$/, '');
  const namespace = `__ns${index}`;
  const lines = [`const ${namespace}=await ${DYNAMIC_IMPORT}(${JSON.stringify(spec)});`];
  if (clause === '') return lines.join('');
  const star = clause.match(/^\*\s*as\s+([\w$]+)$/);
  if (star) return `const ${star[1]}=await ${DYNAMIC_IMPORT}(${JSON.stringify(spec)});`;
  const parts = clause.match(/^([\w$]+)?\s*,?\s*(\{[^}]*\}|\*\s*as\s+[\w$]+)?$/);
  if (!parts) throw new Error(`code cache: cannot read the import statement ${statement}`);
  const [, defaultName, rest] = parts;
  if (defaultName) lines.push(`const ${defaultName}=${namespace}.default;`);
  if (rest?.startsWith('{')) lines.push(`const ${destructuring(rest)}=${namespace};`);
  else if (rest) lines.push(`const ${rest.replace(/^\*\s*as\s+/, '')}=${namespace};`);
  return lines.join('');
}

/** The ES module `code` as the text of an async function (see the header); returns it and the export names. */
export async function moduleAsFunction(code, file) {
  await init;
  const [imports] = parse(code, file);
  let body = '';
  let hoisted = '';
  let at = 0;
  imports.forEach((entry, index) => {
    if (entry.d === -2) {
      // import.meta
      body += code.slice(at, entry.ss) + IMPORT_META;
      at = entry.ss + 'import.meta'.length;
    } else if (entry.d > -1) {
      // import(…): the keyword only
      body += code.slice(at, entry.ss) + DYNAMIC_IMPORT;
      at = entry.ss + 'import'.length;
    } else {
      const statement = code.slice(entry.ss, entry.se);
      hoisted += declarationsFor(statement, entry.n, index);
      // Keep the line breaks (none in esbuild's imports, but the lines of the map must hold).
      body += code.slice(at, entry.ss) + statement.replace(/[^\n]/g, ' ');
      at = entry.se;
    }
  });
  body += code.slice(at);
  const exportStatement = /export\s*\{([^}]*)\}\s*;?/g;
  const found = [...body.matchAll(exportStatement)].filter((match) => !isInsideString(body, match.index));
  if (found.length !== 1) throw new Error(`code cache: ${file} should end in one export {…} statement`);
  const names = found[0][1]
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [local, exported = local] = part.split(/\s+as\s+/);
      return { local, exported };
    });
  const returned = `return{${names.map(({ local, exported }) => `${JSON.stringify(exported)}:${local}`).join(',')}};`;
  body = body.slice(0, found[0].index) + returned + body.slice(found[0].index + found[0][0].length);
  // The declarations take a line of their own: the body's lines are one further down (see addCodeCache
  // for the source map), their columns unchanged.
  const source = `(async function(${DYNAMIC_IMPORT},${IMPORT_META}){"use strict";${hoisted}\n${body}\n})`;
  return { source, exports: names.map(({ exported }) => exported) };
}

/** esbuild writes the module's one export statement last; a match inside a string is not it. */
function isInsideString(code, index) {
  // The export statement esbuild writes starts a line or follows a `;` or `}`.
  const before = code[index - 1];
  return !(index === 0 || before === '\n' || before === ';' || before === '}');
}

/**
 * Which cache fits this process: V8 accepts a cache only under the flags it was made with, and the
 * flags come from the command line and NODE_OPTIONS (the service caps the heap there). The same
 * text is in the loader below.
 */
export function cacheKey(execArgv, nodeOptions) {
  return createHash('sha256')
    .update(JSON.stringify([process.version, execArgv, nodeOptions.trim()]))
    .digest('hex')
    .slice(0, 16);
}

/** The module that replaces `<name>.js`: runs the body with its code cache and re-exports. */
function loaderModule(name, exports) {
  return `// Made by scripts/code-cache.mjs: runs ${name}.body.js with its V8 code cache (${name}.body.<key>.cache).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
const bodyFile = fileURLToPath(new URL('./${name}.body.js', import.meta.url));
let cachedData;
if (process.env.RUNBOOK_BOT_CODE_CACHE !== 'off') {
  const key = createHash('sha256')
    .update(JSON.stringify([process.version, process.execArgv, (process.env.NODE_OPTIONS ?? '').trim()]))
    .digest('hex')
    .slice(0, 16);
  try {
    cachedData = readFileSync(fileURLToPath(new URL(\`./${name}.body.\${key}.cache\`, import.meta.url)));
  } catch {}
}
// The build writes the bundles in ASCII only (scripts/build.mjs): read as one byte per character.
const script = new Script(readFileSync(bodyFile, 'latin1'), { filename: bodyFile, cachedData });
const exported = await script.runInThisContext()((specifier) => import(specifier), import.meta);
export const { ${exports.join(', ')} } = exported;
`;
}

/**
 * Rewrites `dir/<name>.js` (an esbuild ES module bundle) into the body, its caches and the loader.
 * `setFlags` are the V8 flags the bot sets itself before loading (bin/runbook-bot.js sets
 * `--liftoff-only`); one cache is made for each of `nodeOptionsVariants` (NODE_OPTIONS values: none,
 * the service's), for a process started as `node bin/runbook-bot.js …` without other node flags
 * (`execArgv`: the node flags it is started with instead, e.g. the runbook-loading child's).
 * Another set of flags finds no cache and compiles as before. `warm` ({ call, args }): an exported
 * function the producer also calls once before taking the cache, so the functions it runs are
 * compiled into the cache too (the runbook worker parses the repository's runbooks/).
 */
export async function addCodeCache(dir, name, { setFlags, nodeOptionsVariants, warm, execArgv = [] }) {
  const file = path.join(dir, `${name}.js`);
  const code = readFileSync(file, 'utf8');
  // The loader reads the body as latin1 (faster than decoding UTF-8): it must be ASCII.
  if (/[\u0080-\uffff]/.test(code)) throw new Error(`code cache: ${file} is not ASCII only`);
  const { source, exports } = await moduleAsFunction(code, file);
  const bodyFile = path.join(dir, `${name}.body.js`);
  // The bundle's source map, one line further down: the same map with an empty first line.
  const withoutMapComment = source.replace(/\/\/# sourceMappingURL=\S+\s*(?=\n\}\)$)/, '');
  const mapFile = `${file}.map`;
  let mapComment = '';
  if (existsSync(mapFile)) {
    const map = JSON.parse(readFileSync(mapFile, 'utf8'));
    map.file = path.basename(bodyFile);
    map.mappings = `;${map.mappings}`;
    writeFileSync(`${bodyFile}.map`, JSON.stringify(map));
    rmSync(mapFile);
    mapComment = `\n//# sourceMappingURL=${path.basename(bodyFile)}.map`;
  }
  writeFileSync(bodyFile, `${withoutMapComment}${mapComment}\n`);
  writeFileSync(file, loaderModule(name, exports));
  // A fresh Node with the bot's flags compiles the body, runs its top level once (so the functions
  // that run at every start are compiled into the cache too) and writes the cache.
  const producer = `
    const { readFileSync, writeFileSync } = require('node:fs');
    const { setFlagsFromString } = require('node:v8');
    const { Script } = require('node:vm');
    const { pathToFileURL } = require('node:url');
    const [bodyFile, cacheFile, loaderFile, flags, warm] = process.argv.slice(1);
    for (const flag of JSON.parse(flags)) setFlagsFromString(flag);
    const script = new Script(readFileSync(bodyFile, 'utf8'), { filename: bodyFile });
    const loaderUrl = pathToFileURL(loaderFile).href;
    const load = (specifier) => import(specifier.startsWith('.') ? new URL(specifier, loaderUrl).href : specifier);
    const { call, args } = JSON.parse(warm);
    script.runInThisContext()(load, { url: loaderUrl })
      .then((exported) => (call ? exported[call](...args) : undefined))
      .then(() => { writeFileSync(cacheFile, script.createCachedData()); process.exit(0); })
      .catch((error) => { console.error(error); process.exit(1); });
  `;
  for (const nodeOptions of new Set(nodeOptionsVariants.map((options) => options.trim()))) {
    const cacheFile = path.join(dir, `${name}.body.${cacheKey(execArgv, nodeOptions)}.cache`);
    const env = { ...process.env, NODE_OPTIONS: nodeOptions };
    const warmCall = JSON.stringify(warm ?? {});
    execFileSync(
      process.execPath,
      ['-e', producer, bodyFile, cacheFile, file, JSON.stringify(setFlags), warmCall],
      {
        cwd: dir,
        env,
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
  }
}
