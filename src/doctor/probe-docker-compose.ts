import { execFile } from 'node:child_process';

/** True when `docker compose version` works (the Compose v2 plugin is installed). */
export function probeDockerCompose(env: NodeJS.ProcessEnv): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('docker', ['compose', 'version'], { env, timeout: 10_000 }, (error) => resolve(!error));
  });
}
