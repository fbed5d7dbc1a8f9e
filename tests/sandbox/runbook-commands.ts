// The command lines of runbooks/api-down.md, exactly as written (fenced bash blocks, comments dropped).
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const RUNBOOK = fileURLToPath(new URL('../../runbooks/api-down.md', import.meta.url));

export function runbookCommandLines(): string[] {
  const text = fs.readFileSync(RUNBOOK, 'utf8');
  const lines = new Set<string>();
  for (const block of text.matchAll(/```bash\n([\s\S]*?)```/g)) {
    for (const raw of (block[1] ?? '').split('\n')) {
      const line = raw.trim();
      if (line !== '' && !line.startsWith('#')) lines.add(line);
    }
  }
  return [...lines];
}
