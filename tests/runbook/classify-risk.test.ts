import { describe, expect, it } from 'vitest';
import type { Risk } from '../../src/runbook/model.ts';
import { parseRunbook } from '../../src/runbook/parse/parse-runbook.ts';
import { classifyRisk } from '../../src/runbook/risk/classify-risk.ts';

const dc = 'docker compose -f compose.prod.yml';

const table: [string, Risk][] = [
  // reads
  [`${dc} ps api`, 'read'],
  [`${dc} logs --tail=50 api`, 'read'],
  [`${dc} top`, 'read'],
  [`${dc} config`, 'read'],
  ['docker stats api --no-stream', 'read'],
  ['docker-compose ps', 'read'],
  ['df -h', 'read'],
  ['free -m', 'read'],
  ['uptime', 'read'],
  ['journalctl -u docker --since "10 minutes ago"', 'read'],
  ['curl -f http://localhost:8080/api/v1/health', 'read'],
  ['curl -sS -o /dev/null -w "%{http_code}" http://localhost/health', 'read'],
  ['curl -I https://example.com', 'read'],
  ['wget -qO- http://localhost/health', 'read'],
  ['netstat -tlnp | grep :8080', 'read'],
  ['ss -tlnp', 'read'],
  ['ls -la .env.production', 'read'],
  ['cat /etc/hostname', 'read'],
  [`${dc} exec api redis-cli -h redis ping`, 'read'],
  [`${dc} exec redis redis-cli info memory`, 'read'],
  ['redis-cli GET session:1', 'read'],
  ['redis-cli slowlog get 10', 'read'],
  ['pg_isready -h db', 'read'],
  ['psql -c "SELECT count(*) FROM users"', 'read'],
  [`${dc} logs --tail=20 api | grep "200\\|201\\|404\\|500"`, 'read'],
  ['systemctl status nginx', 'read'],
  ['kubectl get pods -n app', 'read'],
  ['find /var/log -name "*.log" -mtime +7', 'read'],
  ['sudo journalctl -n 100', 'read'],
  ['docker system df', 'read'],
  // sensitive
  ['cat .env.production | grep -E "(DATABASE_URL|REDIS_URL|JWT_SECRET)"', 'sensitive'],
  [`${dc} exec api env | grep JWT`, 'sensitive'],
  ['env', 'sensitive'],
  ['printenv', 'sensitive'],
  ['printenv DATABASE_URL', 'sensitive'],
  ['set', 'sensitive'],
  ['echo $JWT_SECRET', 'sensitive'],
  ['head -n 5 .env', 'sensitive'],
  ['docker inspect api', 'sensitive'],
  ['kubectl get secret db-creds -o yaml', 'sensitive'],
  // changes
  [`${dc} restart api`, 'change'],
  [`${dc} up -d`, 'change'],
  [`${dc} down`, 'change'],
  [`${dc} rm -f api`, 'change'],
  [`${dc} kill api`, 'change'],
  [`${dc} stop api`, 'change'],
  [`${dc} exec api rm -rf /tmp/cache`, 'change'],
  [`${dc} exec -T db psql -U app -c "DELETE FROM sessions"`, 'change'],
  [`${dc} exec redis redis-cli FLUSHALL`, 'change'],
  ['redis-cli -h redis DEL session:1', 'change'],
  ['redis-cli CONFIG SET maxmemory 2gb', 'change'],
  ['redis-cli SET key value', 'change'],
  ['redis-cli CLIENT KILL ID 7', 'change'],
  ['find /var/log -name "*.gz" -delete', 'change'],
  ['find /tmp -type f -exec rm {} \\;', 'change'],
  ['docker system prune -af', 'change'],
  ['docker rm -f api', 'change'],
  ['psql -c "UPDATE users SET active = false"', 'change'],
  ['psql -c "SELECT 1; DROP TABLE users"', 'change'],
  ['curl -X POST http://localhost/admin/flush', 'change'],
  ['curl -d "a=1" http://localhost/api', 'change'],
  ['curl -o backup.tar http://localhost/export', 'change'],
  ['wget http://example.com/file.tar', 'change'],
  ['sudo systemctl restart docker', 'change'],
  ['kill -9 1234', 'change'],
  ['echo hi > /etc/motd', 'change'],
  ['df -h && docker compose restart api', 'change'],
  ['cat .env | grep X && rm -rf /', 'change'],
  ['ls $(rm -rf /tmp/x)', 'change'],
  ['grep foo <(docker compose restart api)', 'change'],
  ['sed -i "s/a/b/" config.yml', 'change'],
  ['cat /etc/hosts | xargs rm', 'change'],
  // found by tests/fuzz/runbook-parser.fuzz.test.ts: commands hidden in a second -c/-e, awk, sed
  [`psql -c 'SELECT 1' -c 'DROP TABLE users'`, 'change'],
  ['mysql -e "SELECT 1" -e "DROP TABLE users"', 'change'],
  [`awk 'BEGIN { system("docker compose restart api") }'`, 'change'],
  [`${dc} logs api | awk '{ print | "sh" }'`, 'change'],
  [`awk '{ print > "/etc/motd" }' f`, 'change'],
  [`sed -n '1e rm -rf /tmp/x' f`, 'change'],
  [`sed 's/a/b/w /etc/motd' f`, 'change'],
  [`psql -c 'SELECT 1' -c 'SELECT 2'`, 'read'],
  [`df -h | awk '$5 > 80 { print $1 }'`, 'read'],
  [`awk '/error|fail/ { print $1 }' app.log`, 'read'],
  [`sed -n '/error/p' app.log`, 'read'],
  [`sed 's/ew/x/g' app.log`, 'read'],
];

describe('classifyRisk', () => {
  it('has a table of at least 40 commands', () => {
    expect(table.length).toBeGreaterThanOrEqual(40);
  });

  it.each(table)('%s -> %s', (command, risk) => {
    expect(classifyRisk(command).risk).toBe(risk);
  });

  it('judges `docker compose exec SERVICE CMD` by CMD and says so', () => {
    const verdict = classifyRisk(`${dc} exec -T -u root api env`);
    expect(verdict).toMatchObject({ risk: 'sensitive', recognised: true });
    expect(verdict.reason).toContain('docker compose exec api');
  });

  it.each([
    ['frobnicate --all', 'frobnicate'],
    ['df -h | mystery-tool', 'mystery-tool'],
    [`${dc} exec api pnpm prisma db execute --stdin`, 'prisma db execute'],
    ['psql -U app < script.sql', 'psql'],
  ])('default-deny: %s is change, unrecognised', (command, named) => {
    const verdict = classifyRisk(command);
    expect(verdict).toMatchObject({ risk: 'change', recognised: false });
    expect(verdict.reason).toContain(named);
  });

  it('a recognised change wins over an unrecognised one in the same pipeline', () => {
    expect(classifyRisk('mystery && docker compose restart api')).toMatchObject({
      risk: 'change',
      recognised: true,
    });
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell text, not a template
  it.each(['echo ${', 'echo "${" && uptime', 'uptime; echo ${} $(uptime)'])(
    'shell text the parser rejects (%s) is change, unrecognised, and does not throw',
    (command) => {
      // found by tests/fuzz/runbook-parser.fuzz.test.ts: the old tokenizer threw "Bad substitution"
      expect(classifyRisk(command)).toMatchObject({ risk: 'change', recognised: false });
      expect(() => parseRunbook(`# T\n\n\`\`\`bash\n${command}\n\`\`\`\n`, 'bad.md')).not.toThrow();
    },
  );

  it('an unquoted $VAR may split into options: change for a program judged by its options', () => {
    // was `read` with the tokenizer: DATABASE_URL='-o /etc/motd http://x' would write a file
    expect(classifyRisk('curl -f $DATABASE_URL')).toMatchObject({ risk: 'change' });
    expect(classifyRisk('curl -f "$HEALTH_URL"').reason).toContain('not an http(s) URL');
    expect(classifyRisk('curl -f "http://localhost:$PORT/health"')).toMatchObject({ risk: 'read' });
  });
});
