import { readFileSync } from 'node:fs';

/** Rss, Anonymous and the file-backed rest of /proc/<pid>/smaps_rollup, in MB (one decimal). */
export function memoryMap(pid: number): { rssMb: number; anonMb: number; fileMb: number } {
  const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? Number.NaN);
  const mb = (value: number) => Math.round((value / 1024) * 10) / 10;
  const rss = kb('Rss');
  const anon = kb('Anonymous');
  return { rssMb: mb(rss), anonMb: mb(anon), fileMb: mb(rss - anon) };
}

/**
 * Where the resident memory of /proc/<pid>/smaps is, the `top` largest first, in MB: mappings of the
 * same file, or anonymous mappings of the same size (V8 heap pages are 256 KB each; WebAssembly
 * memory is one large reservation), summed, with how many there are.
 */
export function largestMappings(
  pid: number,
  top = 12,
): { what: string; count: number; sizeMb: number; rssMb: number }[] {
  const groups = new Map<string, { what: string; count: number; sizeMb: number; rssMb: number }>();
  let current: { what: string; count: number; sizeMb: number; rssMb: number } | null = null;
  const mb = (kb: number) => Math.round(kb / 102.4) / 10;
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const header = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) {
      const sizeKb =
        (Number.parseInt(header[2] as string, 16) - Number.parseInt(header[1] as string, 16)) / 1024;
      const file = header[3] ?? '';
      const what = file || `[anon ${sizeKb >= 1024 ? `${mb(sizeKb)} MB` : `${sizeKb} KB`}]`;
      current = groups.get(what) ?? { what, count: 0, sizeMb: 0, rssMb: 0 };
      current.count += 1;
      current.sizeMb = Math.round((current.sizeMb + sizeKb / 1024) * 10) / 10;
      groups.set(what, current);
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss && current) current.rssMb = Math.round((current.rssMb + Number(rss[1]) / 1024) * 10) / 10;
  }
  return [...groups.values()].sort((a, b) => b.rssMb - a.rssMb).slice(0, top);
}
