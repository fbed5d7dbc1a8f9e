import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a build script in plain JavaScript, without type declarations.
import { addCodeCache } from '../../scripts/code-cache.mjs';

const run = promisify(execFile);
const SERVICE_OPTIONS = '--max-old-space-size=96 --max-semi-space-size=4';
const CODE_CACHE_SCRIPT = path.resolve('scripts/code-cache.mjs');

/**
 * scripts/code-cache.mjs turns an ES module bundle into a function body run by `vm.Script` with a V8
 * code cache. The module below has every form of import esbuild writes, `import()`, `import.meta`, a
 * top-level await and a renamed export; it must behave as it did as a module, with the cache, with a
 * cache V8 rejects (other flags) and without one.
 */
describe('the code cache of a bundle (scripts/code-cache.mjs)', () => {
  let dir: string;
  const module = [
    `import{join as joinPath,sep}from"node:path";import*as os from"node:os";import util,{format}from"node:util";import"./side-effect.js";`,
    `import def from"./helper.js";`,
    `const here=import.meta.url;`,
    `const text="import x from 'nope'; export{nope}";`,
    `const late=await Promise.resolve(41)+1;`,
    `async function lazy(){return (await import("./helper.js")).default}`,
    `function answer(){return{joined:joinPath("a","b"),sep,osOk:typeof os.tmpdir,utilOk:typeof util.inspect,formatted:format("%s!",def),here,text,late,side:globalThis.sideEffectRan}}`,
    `export{answer as reply,lazy};`,
    '//# sourceMappingURL=subject.js.map',
    '',
  ].join('\n');

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'runbook-bot-code-cache-'));
    writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
    writeFileSync(path.join(dir, 'helper.js'), 'export default "helped";\n');
    writeFileSync(path.join(dir, 'side-effect.js'), 'globalThis.sideEffectRan = true;\n');
    writeFileSync(path.join(dir, 'subject.js'), module);
    writeFileSync(
      path.join(dir, 'subject.js.map'),
      JSON.stringify({ version: 3, sources: ['subject.ts'], names: [], mappings: 'AAAA' }),
    );
    await addCodeCache(dir, 'subject', {
      setFlags: ['--liftoff-only'],
      nodeOptionsVariants: ['', SERVICE_OPTIONS],
    });
  }, 60_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Imports the rewritten module in a fresh Node started as the bot is, and prints what it exports. */
  async function importInNode(flags: string[], env: Record<string, string> = {}) {
    writeFileSync(
      path.join(dir, 'import-subject.mjs'),
      `import { setFlagsFromString } from 'node:v8';
      setFlagsFromString('--liftoff-only');
      const subject = await import('./subject.js');
      console.log(JSON.stringify({ ...subject.reply(), lazy: await subject.lazy(), names: Object.keys(subject).sort() }));
    `,
    );
    const { stdout } = await run(process.execPath, [...flags, 'import-subject.mjs'], {
      cwd: dir,
      env: { ...process.env, NODE_OPTIONS: '', ...env },
    });
    return JSON.parse(stdout);
  }

  const expected = () => ({
    joined: path.join('a', 'b'),
    sep: path.sep,
    osOk: 'function',
    utilOk: 'function',
    formatted: 'helped!',
    here: new URL(`file://${path.join(dir, 'subject.js')}`).href,
    text: "import x from 'nope'; export{nope}",
    late: 42,
    side: true,
    lazy: 'helped',
    names: ['lazy', 'reply'],
  });

  /**
   * Whether V8, in a Node started as the bot is (`node FILE`, no node flags, NODE_OPTIONS=`nodeOptions`),
   * accepts the cache the loader would pick.
   */
  async function cacheAccepted(nodeOptions: string) {
    writeFileSync(
      path.join(dir, 'check-cache.mjs'),
      `
      import { setFlagsFromString } from 'node:v8';
      import { readFileSync } from 'node:fs';
      import { Script } from 'node:vm';
      const { cacheKey } = await import(${JSON.stringify(pathToFileURL(CODE_CACHE_SCRIPT).href)});
      setFlagsFromString('--liftoff-only');
      const cachedData = readFileSync('subject.body.' + cacheKey(process.execArgv, process.env.NODE_OPTIONS ?? '') + '.cache');
      const script = new Script(readFileSync('subject.body.js', 'utf8'), { filename: 'subject.body.js', cachedData });
      console.log(script.cachedDataRejected ? 'rejected' : 'accepted');
    `,
    );
    const { stdout } = await run(process.execPath, ['check-cache.mjs'], {
      cwd: dir,
      env: { ...process.env, NODE_OPTIONS: nodeOptions },
    });
    return stdout.trim();
  }

  it('makes a cache V8 accepts for each NODE_OPTIONS it was asked for', async () => {
    expect(await cacheAccepted('')).toBe('accepted');
    expect(await cacheAccepted(SERVICE_OPTIONS)).toBe('accepted');
  });

  it('writes the body and its source map one line down', () => {
    expect(existsSync(path.join(dir, 'subject.body.js'))).toBe(true);
    const map = JSON.parse(readFileSync(path.join(dir, 'subject.body.js.map'), 'utf8'));
    expect(map.mappings).toBe(';AAAA');
    expect(readFileSync(path.join(dir, 'subject.body.js'), 'utf8')).toMatch(
      /\/\/# sourceMappingURL=subject\.body\.js\.map\n$/,
    );
  });

  it('exports what the module exported, run with its cache', async () => {
    expect(await importInNode([], { NODE_OPTIONS: SERVICE_OPTIONS })).toEqual(expected());
  });

  it('still works when no cache fits (other flags) or the cache is turned off', async () => {
    expect(await importInNode(['--max-old-space-size=200'])).toEqual(expected());
    expect(await importInNode([], { RUNBOOK_BOT_CODE_CACHE: 'off' })).toEqual(expected());
  });

  it('still works when the cache file is damaged (V8 rejects it)', async () => {
    const cacheFile = readdirSync(dir).find((name) => name.endsWith('.cache'));
    if (!cacheFile) throw new Error('no cache was written');
    const copy = readFileSync(path.join(dir, cacheFile));
    try {
      writeFileSync(path.join(dir, cacheFile), Buffer.alloc(copy.length, 7));
      for (const options of ['', SERVICE_OPTIONS])
        expect(await importInNode([], { NODE_OPTIONS: options })).toEqual(expected());
    } finally {
      writeFileSync(path.join(dir, cacheFile), copy);
    }
  });
});
