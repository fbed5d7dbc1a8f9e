// The files a sandbox workdir holds, like /opt/atendechat on the real host: compose.prod.yml and .env.production.
import { randomBytes } from 'node:crypto';
import type { ScenarioName } from './lib/scenarios.mjs';

export interface FakeSecrets {
  dbPassword: string;
  redisPassword: string;
  jwtSecret: string;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomText(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');
}

export function makeFakeSecrets(): FakeSecrets {
  return {
    dbPassword: randomText(24),
    redisPassword: randomText(24),
    jwtSecret: randomBytes(32).toString('hex'),
  };
}

/** The values a leak test must never find in any output. */
export function secretValues(secrets: FakeSecrets): string[] {
  return [
    secrets.dbPassword,
    secrets.redisPassword,
    secrets.jwtSecret,
    databaseUrl(secrets),
    redisUrl(secrets),
  ];
}

function databaseUrl(s: FakeSecrets): string {
  return `postgresql://atende:${s.dbPassword}@db:5432/atendechat`;
}

function redisUrl(s: FakeSecrets): string {
  return `redis://:${s.redisPassword}@redis:6379`;
}

/** jwt-missing is the scenario where someone deployed a .env.production without JWT_SECRET. */
export function envProduction(secrets: FakeSecrets, scenario: ScenarioName): string {
  const lines = [
    '# AtendeChat production environment (sandbox: every value here is fake)',
    'NODE_ENV=production',
    'PORT=3000',
    'LOG_LEVEL=info',
    'CORS_ORIGINS=https://app.atendechat.com.br',
    `DATABASE_URL=${databaseUrl(secrets)}`,
    `REDIS_URL=${redisUrl(secrets)}`,
    scenario === 'jwt-missing' ? null : `JWT_SECRET=${secrets.jwtSecret}`,
    'JWT_EXPIRES_IN=15m',
  ];
  return `${lines.filter((l) => l !== null).join('\n')}\n`;
}

export const COMPOSE_PROD_YML = `name: atendechat

services:
  caddy:
    image: caddy:2.8-alpine
    restart: unless-stopped
    ports: ["80:80", "443:443", "443:443/udp"]
    volumes:
      - ./Caddyfile:/etc/caddy/Caddyfile:ro
      - caddy_data:/data
    depends_on: [api]

  api:
    image: ghcr.io/atendechat/api:2.4.1
    restart: on-failure:3
    env_file: .env.production
    ports: ["8080:3000"]
    depends_on:
      db: { condition: service_healthy }
      redis: { condition: service_healthy }
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://127.0.0.1:3000/api/v1/health"]
      interval: 10s
      timeout: 3s
      retries: 3
      start_period: 20s
    deploy:
      resources:
        limits: { memory: 2g }

  db:
    image: postgres:16-alpine
    restart: unless-stopped
    environment:
      POSTGRES_DB: atendechat
      POSTGRES_USER: atende
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    volumes: [pg_data:/var/lib/postgresql/data]
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U atende -d atendechat"]
      interval: 10s

  redis:
    image: redis:7.2-alpine
    restart: unless-stopped
    command: ["redis-server", "--requirepass", "\${REDIS_PASSWORD}", "--appendonly", "yes"]
    volumes: [redis_data:/data]
    healthcheck:
      test: ["CMD", "redis-cli", "ping"]
      interval: 10s

volumes:
  caddy_data:
  pg_data:
  redis_data:
`;
