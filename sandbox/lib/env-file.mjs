// Reading the sandbox's .env.production (KEY=VALUE lines, # comments) as the api container's env_file.
import fs from 'node:fs';
import path from 'node:path';

export function readEnvFile(dir) {
  const entries = [];
  let text = '';
  try {
    text = fs.readFileSync(path.join(dir, '.env.production'), 'utf8');
  } catch {
    return entries;
  }
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || !line.includes('=')) continue;
    const at = line.indexOf('=');
    entries.push([line.slice(0, at), line.slice(at + 1).replace(/^"(.*)"$/, '$1')]);
  }
  return entries;
}
