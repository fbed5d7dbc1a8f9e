// The four containers of the AtendeChat stack as `docker compose ps` sees them, from the state and the real api.
import http from 'node:http';
import { isApiAlive } from './api-process.mjs';
import { dependencyStatus, SERVICES } from './scenarios.mjs';

const PROJECT = 'atendechat';

const IMAGES = {
  api: {
    image: 'ghcr.io/atendechat/api:2.4.1',
    command: '"docker-entrypoint.s…"',
    ports: '0.0.0.0:8080->3000/tcp, [::]:8080->3000/tcp',
  },
  caddy: {
    image: 'caddy:2.8-alpine',
    command: '"caddy run --config …"',
    ports: '0.0.0.0:80->80/tcp, [::]:80->80/tcp, 0.0.0.0:443->443/tcp, [::]:443->443/tcp, 443/udp, 2019/tcp',
  },
  db: { image: 'postgres:16-alpine', command: '"docker-entrypoint.s…"', ports: '5432/tcp' },
  redis: { image: 'redis:7.2-alpine', command: '"docker-entrypoint.s…"', ports: '6379/tcp' },
};

export function containerName(service) {
  return `${PROJECT}-${service}-1`;
}

export function isService(name) {
  return SERVICES.includes(name);
}

/** One container's facts: name, image, status inputs. The api's health is probed over real HTTP. */
export async function inspect(statePath, state, service, now = Date.now()) {
  const base = {
    service,
    name: containerName(service),
    id: state.containerIds[service],
    createdAt: state.createdAt,
    ...IMAGES[service],
  };
  if (service === 'api') return { ...base, ...(await apiStatus(statePath, state, now)) };
  const dep = dependencyStatus(state.scenario, service);
  if (!dep.running)
    return {
      ...base,
      running: false,
      exitCode: dep.exitCode,
      finishedAt: state.scenarioSince - dep.downForMs,
    };
  return { ...base, running: true, startedAt: state.createdAt + 60_000, health: dep.health };
}

async function apiStatus(statePath, state, now) {
  const { api } = state;
  if (!isApiAlive(api.pid, statePath)) {
    return { running: false, exitCode: api.exitCode ?? 137, finishedAt: api.finishedAt ?? now };
  }
  if (now - api.startedAt < state.healthStartPeriodMs)
    return { running: true, startedAt: api.startedAt, health: 'starting' };
  const code = await probe(api.port);
  return { running: true, startedAt: api.startedAt, health: code === 200 ? 'healthy' : 'unhealthy' };
}

function probe(port) {
  return new Promise((resolve) => {
    const req = http.get(
      {
        host: '127.0.0.1',
        port,
        path: '/api/v1/health',
        timeout: 1500,
        headers: { 'x-sandbox-healthcheck': '1' },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(0));
  });
}
