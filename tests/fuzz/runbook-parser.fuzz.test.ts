import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Risk, Runbook, Step } from '../../src/runbook/model.ts';
import { parseRunbook } from '../../src/runbook/parse/parse-runbook.ts';

/**
 * Properties of the Markdown parser on generated runbooks: it never throws, ids are unique slugs,
 * every risk is one of three, and a command that runs a destructive verb is never `read`
 * (default-deny), however it is wrapped, piped or nested.
 */
const SEED = 0x0b5e_55ed;
const RUNS = 2_000;
const ID = /^[a-z0-9-]+$/;
const RISKS = new Set<Risk>(['read', 'change', 'sensitive']);

const titleWord = fc.oneof(
  fc.constantFrom(
    '🔍',
    '🚨🔥',
    '**PASSO 2:**',
    '`docker compose restart`',
    '$(reboot)',
    '`id`',
    '; rm -rf /',
    'Diagnóstico',
    'Verificação Pós-Resolução',
    'ESCALONAMENTO',
    'Documentação do incidente',
    'Links Úteis',
    '&&',
    '<script>',
    '[link](http://x)',
    '*',
    '-',
    '',
    '日本語',
    'İstanbul',
    'ß',
  ),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);
const heading = fc
  .tuple(fc.integer({ min: 1, max: 6 }), fc.array(titleWord, { maxLength: 5 }))
  .map(([depth, parts]) => `${'#'.repeat(depth)} ${parts.join(' ')}`);

const fenceTag = fc.oneof(
  fc.constantFrom('bash', 'sh', 'shell', 'console', '', 'BASH', 'zsh', 'yaml', 'python', 'sql', 'text'),
  fc.string({ unit: 'grapheme-ascii', maxLength: 8 }).map((tag) => tag.replace(/[`\s]/g, '')),
);
const randomLine = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.constantFrom(
    '# comment',
    '$ docker compose ps',
    '# root prompt',
    'cd /opt/app',
    'cd ..',
    'sleep 10',
    'ls \\',
    'cat <<EOF',
    'EOF',
    'echo ${',
    'echo "${HOME" | grep x',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell text, not a template
    'echo ${} $(uptime `id`)',
    '```',
    '~~~',
    '**Status Esperado**: `Up (healthy)`',
    'Expected: `PONG`',
    '- Notificar **DevOps Lead** após 15 minutos',
    '- **Timestamp do início**:',
    '> quote',
    '1. item',
    '    indented code',
    '',
  ),
);
const codeBlock = fc
  .tuple(fenceTag, fc.array(randomLine, { maxLength: 8 }))
  .map(([tag, lines]) => [`\`\`\`${tag}`, ...lines, '```'].join('\n'));

const docPart = fc.oneof(
  { weight: 3, arbitrary: heading },
  { weight: 3, arbitrary: codeBlock },
  { weight: 3, arbitrary: randomLine },
);
const markdown = fc.array(docPart, { maxLength: 15 }).map((parts) => parts.join('\n'));

const shortMarkdown = fc.array(docPart, { maxLength: 4 }).map((parts) => parts.join('\n'));

/** Commands that change the host, written the way runbooks write them. */
const DESTRUCTIVE = [
  'rm -rf /tmp/cache',
  'rm .env.bak',
  'docker compose -f compose.prod.yml restart api',
  'docker-compose restart',
  'docker restart api',
  'systemctl restart nginx',
  'service nginx restart',
  'kubectl rollout restart deploy/api',
  'kill -9 1234',
  'pkill -f node',
  'killall node',
  'docker kill api',
  'docker compose kill api',
  'redis-cli CLIENT KILL ID 7',
  'redis-cli DEL session:1',
  'redis-cli -h redis -p 6379 del key',
  'psql -U app -c "DROP TABLE users"',
  'psql -c "select 1; DROP TABLE users"',
  'mysql -e "DROP DATABASE app"',
  'docker system prune -af',
  'docker image prune -f',
  'docker volume prune',
  'npm prune',
  'find /var/log -name "*.gz" -delete',
  'find /tmp -type f -delete -print',
];
const WRAPPERS: ((command: string) => string)[] = [
  (command) => command,
  (command) => `sudo ${command}`,
  (command) => `sudo -u root ${command}`,
  (command) => `timeout 10 ${command}`,
  (command) => `nohup ${command}`,
  (command) => `nice -n 5 ${command}`,
  (command) => `env FOO=1 ${command}`,
  (command) => `FOO=1 ${command}`,
  (command) => `time ${command}`,
  (command) => `watch -n 1 ${command}`,
  (command) => `bash -c '${command}'`,
  (command) => `sh -c '${command}'`,
  (command) => `docker compose exec -T api ${command}`,
  (command) => `docker exec -it api ${command}`,
  (command) => `ls $(${command})`,
  (command) => `echo \`${command}\``,
  (command) => `cat <(${command})`,
  (command) => `(${command})`,
  (command) => `{ ${command}; }`,
  (command) => `awk 'BEGIN { system("${command}") }'`,
  (command) => `docker compose logs api | awk '{ print "${command}" | "sh" }'`,
  (command) => `sed -n '1e ${command}' /etc/hostname`,
  (command) => `psql -c 'SELECT 1' -c '${command}'`,
];
const COMBINE: ((command: string) => string)[] = [
  (command) => command,
  (command) => `df -h && ${command}`,
  (command) => `${command}; uptime`,
  (command) => `uptime || ${command}`,
  (command) => `docker compose ps | ${command}`,
  (command) => `${command} 2>/dev/null`,
  (command) => `${command} &`,
  (command) => `curl -f http://localhost/health && ${command} && curl -f http://localhost/health`,
];
const destructive = fc
  .tuple(
    fc.constantFrom(...DESTRUCTIVE),
    fc.constantFrom(...WRAPPERS.keys()),
    fc.constantFrom(...COMBINE.keys()),
  )
  .map(([command, wrap, combine]) => COMBINE[combine]!(WRAPPERS[wrap]!(command)));

const dangerousBlock = fc
  .tuple(
    fc.constantFrom('bash', 'sh', 'shell', ''),
    fc.array(
      fc.oneof(
        destructive,
        fc.constantFrom('# a title', 'uptime', 'docker compose ps api'),
        destructive.map((c) => `$ ${c}`),
      ),
      { minLength: 1, maxLength: 4 },
    ),
  )
  .map(([tag, lines]) => ({ text: [`\`\`\`${tag}`, ...lines, '```'].join('\n'), lines }));

function allSteps(runbook: Runbook): Step[] {
  return [...new Set(runbook.sections.flatMap((section) => section.steps))];
}

function checkModel(runbook: Runbook): void {
  const sectionIds = runbook.sections.map((section) => section.id);
  expect(new Set(sectionIds).size).toBe(sectionIds.length);
  for (const id of sectionIds) expect(id).toMatch(ID);
  const steps = allSteps(runbook);
  const stepIds = steps.map((step) => step.id);
  expect(new Set(stepIds).size).toBe(stepIds.length);
  for (const step of steps) {
    expect(step.id).toMatch(ID);
    expect(sectionIds).toContain(step.sectionId);
    if (step.kind === 'command') expect(RISKS.has(step.risk)).toBe(true);
  }
}

describe('runbook parser (fuzz)', () => {
  it(`never throws on generated Markdown; ids unique slugs; risks known (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(markdown, (text) => {
        checkModel(parseRunbook(text, '/runbooks/fuzz.md'));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it(`a destructive command is never read, wrapped or combined (${RUNS} runs)`, () => {
    let checked = 0;
    fc.assert(
      fc.property(shortMarkdown, dangerousBlock, shortMarkdown, (before, block, after) => {
        const runbook = parseRunbook(`${before}\n\n${block.text}\n\n${after}`, '/runbooks/fuzz.md');
        checkModel(runbook);
        const dangerous = new Set(
          block.lines
            .filter((line) => !/^(# |uptime$|docker compose ps)/.test(line))
            .map((line) => line.replace(/^\$ /, '')),
        );
        for (const step of allSteps(runbook)) {
          if (step.kind !== 'command' || !dangerous.has(step.command)) continue;
          checked++;
          expect(step.risk, step.command).not.toBe('read');
        }
      }),
      { seed: SEED + 1, numRuns: RUNS },
    );
    expect(checked).toBeGreaterThan(RUNS / 2);
  });
});
