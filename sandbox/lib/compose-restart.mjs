// `docker compose restart [SERVICE...]`: really restarts the api process; the other containers are simulated.
// Compose prints its progress on stderr.
import { restartApi } from './api-process.mjs';
import { containerName, isService } from './containers.mjs';
import { SERVICES } from './scenarios.mjs';
import { sleep } from './state.mjs';

export async function composeRestart(ctx, args) {
  const wanted = [];
  for (let i = 0; i < args.length; i += 1) {
    if (args[i] === '-t' || args[i] === '--timeout') i += 1;
    else if (args[i].startsWith('--timeout=') || args[i] === '--no-deps') continue;
    else if (args[i].startsWith('-')) return ctx.fail(`unknown flag: ${args[i]}`);
    else if (!isService(args[i])) return ctx.fail(`no such service: ${args[i]}`);
    else wanted.push(args[i]);
  }
  const services = wanted.length > 0 ? SERVICES.filter((s) => wanted.includes(s)) : SERVICES;
  const started = Date.now();
  if (services.includes('api')) await restartApi(ctx.statePath);
  else await sleep(800);
  const seconds = `${((Date.now() - started) / 1000).toFixed(1)}s`;
  const lines = [`[+] Restarting ${services.length}/${services.length}`];
  for (const service of services)
    lines.push(` ✔ Container ${containerName(service)}  Started${seconds.padStart(10)}`);
  ctx.warn(lines.join('\n'));
  return 0;
}
