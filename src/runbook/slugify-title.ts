import slugify from '@sindresorhus/slugify';

/** "PASSO 2: Restart do Serviço" -> "passo-2-restart-do-servico"; `fallback` when nothing is left. */
export function slugifyTitle(title: string, fallback: string): string {
  const slug = slugify(title, { decamelize: false });
  return slug === '' ? fallback : slug;
}

/** Hands out unique ids in call order: `x`, `x-2`, `x-3`… */
export function createIdAllocator(): (base: string) => string {
  const seen = new Map<string, number>();
  const taken = new Set<string>();
  return (base) => {
    let count = seen.get(base) ?? 0;
    let id = base;
    while (taken.has(id)) {
      count += 1;
      id = `${base}-${count}`;
    }
    if (count === 0) count = 1;
    seen.set(base, count);
    taken.add(id);
    return id;
  };
}
