import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** Every .ts file under `dir`, recursively. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Module specifiers of static imports, re-exports, side-effect imports and dynamic import(). */
function importedSpecifiers(code: string): string[] {
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...code.matchAll(pattern)].map((match) => match[1] ?? ''));
}

/** `file -> imported path` for every import of a file under `from` that lands under one of `forbidden`. */
function crossings(from: string, forbidden: readonly string[]): string[] {
  return sourceFiles(join(root, from)).flatMap((file) =>
    importedSpecifiers(readFileSync(file, 'utf8'))
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => relative(root, resolve(dirname(file), specifier)))
      .filter((target) => forbidden.some((folder) => target === folder || target.startsWith(`${folder}/`)))
      .map((target) => `${relative(root, file)} -> ${target}`),
  );
}

/** `file -> package` for every import of a file under `from` of a package whose name starts with `prefix`. */
function packageImports(from: string, prefix: string): string[] {
  return sourceFiles(join(root, from)).flatMap((file) =>
    importedSpecifiers(readFileSync(file, 'utf8'))
      .filter((specifier) => specifier.startsWith(prefix))
      .map((specifier) => `${relative(root, file)} -> ${specifier}`),
  );
}

describe('layers (docs/ARCHITECTURE.md)', () => {
  it('finds the imports it checks for', () => {
    const code = [
      "import type { A } from '../../slack/a.ts';",
      "import {\n  b,\n  c,\n} from '../render/slack/b.ts';",
      "export { d } from '../slack/d.ts';",
      "import '../slack/side-effect.ts';",
      "const e = await import('../slack/e.ts');",
    ].join('\n');
    expect(importedSpecifiers(code)).toEqual(
      expect.arrayContaining([
        '../../slack/a.ts',
        '../render/slack/b.ts',
        '../slack/d.ts',
        '../slack/side-effect.ts',
        '../slack/e.ts',
      ]),
    );
  });

  it('keeps core free of the Slack adapter and the Slack renderer', () => {
    expect(crossings('src/core', ['src/slack', 'src/render/slack'])).toEqual([]);
  });

  it('keeps exec to the runbook layer and the ports: verdict text is made by renderers only', () => {
    const above = ['src/core', 'src/store', 'src/render', 'src/slack', 'src/cli', 'src/demo', 'src/doctor'];
    const allowed = /-> src\/core\/(?:ports|errors)\.ts$/;
    expect(
      crossings('src/exec', [...above, 'src/observability', 'src/config']).filter((c) => !allowed.test(c)),
    ).toEqual([]);
  });

  it('keeps core free of Slack packages', () => {
    expect(packageImports('src/core', '@slack/')).toEqual([]);
  });

  it('keeps the renderers core uses (common, i18n, markdown) free of Slack', () => {
    for (const folder of ['src/render/common', 'src/render/i18n', 'src/render/markdown']) {
      expect(crossings(folder, ['src/slack', 'src/render/slack'])).toEqual([]);
      expect(packageImports(folder, '@slack/')).toEqual([]);
    }
  });
});
