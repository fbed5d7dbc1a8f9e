import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

interface ComposeService {
  user?: string;
  group_add?: string[];
  restart?: string;
  env_file?: string[];
  network_mode?: string;
  read_only?: boolean;
  cap_drop?: string[];
  volumes?: string[];
  environment?: Record<string, string>;
}

describe('deploy/compose.runbook-bot.yml', () => {
  const compose = parse(read('deploy/compose.runbook-bot.yml')) as {
    services: Record<string, ComposeService>;
    volumes: Record<string, unknown>;
  };
  const service = compose.services['runbook-bot'];

  it('runs non-root with the Docker socket group added, restarts unless stopped, reads secrets from an env file', () => {
    expect(service?.user).toMatch(/^[1-9]\d*:[1-9]\d*$/);
    expect(service?.group_add?.[0]).toMatch(/^\$\{DOCKER_GID/);
    expect(service?.restart).toBe('unless-stopped');
    expect(service?.env_file).toHaveLength(1);
    expect(service?.read_only).toBe(true);
    expect(service?.cap_drop).toEqual(['ALL']);
  });

  it('mounts the runbooks read-only, the project folder at the same path, the socket and a data volume', () => {
    const volumes = service?.volumes ?? [];
    expect(volumes).toContain('/opt/atendechat/runbooks:/runbooks:ro');
    expect(volumes).toContain('/opt/atendechat:/opt/atendechat:ro');
    expect(volumes).toContain('/var/run/docker.sock:/var/run/docker.sock');
    expect(volumes).toContain('runbook-bot-data:/data');
    expect(compose.volumes).toHaveProperty('runbook-bot-data');
    expect(service?.environment?.DATA_DIR).toBe('/data');
    expect(read('deploy/compose.runbook-bot.yml')).toMatch(/WARNING: the Docker socket is root on the host/);
  });

  it('shares the host network so the runbook’s localhost URLs reach the published API', () => {
    expect(service?.network_mode).toBe('host');
  });
});

describe('deploy/Dockerfile', () => {
  const dockerfile = read('deploy/Dockerfile');
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => line.trim() && !line.trim().startsWith('#'));

  it('runs the compiled build on node:20-bookworm-slim with production dependencies only', () => {
    expect(instructions.filter((line) => line.startsWith('FROM '))).toEqual([
      'FROM node:20-bookworm-slim AS deps',
      'FROM node:20-bookworm-slim AS build',
      'FROM node:20-bookworm-slim',
    ]);
    expect(dockerfile).toContain('npm ci --omit=dev');
    expect(dockerfile).toContain('RUN npm run build');
    expect(dockerfile).toContain('COPY --from=build /app/dist ./dist');
    expect(dockerfile).toMatch(/NODE_ENV=production/);
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies).toHaveProperty('tsx');
  });

  it('installs the docker CLI with the Compose v2 plugin and curl, runs as a non-root user, checks /healthz', () => {
    expect(dockerfile).toMatch(/docker-ce-cli docker-compose-plugin/);
    expect(dockerfile).toMatch(/ca-certificates curl/);
    const users = instructions.filter((line) => line.startsWith('USER '));
    expect(users.at(-1)).toBe('USER runbook-bot');
    expect(instructions.find((line) => line.startsWith('HEALTHCHECK'))).toMatch(/curl -fsS .*\/healthz/);
    expect(dockerfile).toMatch(/DATA_DIR=\/data/);
    expect(instructions.at(-1)).toBe('CMD ["node", "bin/runbook-bot.js", "serve"]');
  });

  it('copies what bin/runbook-bot.js needs at run time', () => {
    for (const copied of [
      'COPY bin ./bin',
      'COPY src ./src',
      'COPY --from=deps /app/node_modules ./node_modules',
    ]) {
      expect(instructions).toContain(copied);
    }
    const ignore = read('deploy/Dockerfile.dockerignore');
    for (const kept of ['!bin/**', '!src/**', '!package-lock.json']) expect(ignore).toContain(kept);
  });
});
