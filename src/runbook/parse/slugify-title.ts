import slugify from '@sindresorhus/slugify';

/** Long titles give ids of at most this many characters, cut at a word. */
const MAX_SLUG = 64;

/** "PASSO 2: Restart do Serviço" -> "passo-2-restart-do-servico"; `fallback` when nothing is left. */
export function slugifyTitle(title: string, fallback: string): string {
  let slug = slugify(title, { decamelize: false });
  if (slug.length > MAX_SLUG)
    slug = slug.slice(0, slug.lastIndexOf('-', MAX_SLUG) > 20 ? slug.lastIndexOf('-', MAX_SLUG) : MAX_SLUG);
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
