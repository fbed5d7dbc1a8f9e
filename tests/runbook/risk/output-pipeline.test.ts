// The shell front end the built-in verdict judges share with the risk classifier: which tools
// printed a step's output, read from the bash syntax tree.
import { describe, expect, it } from 'vitest';
import { outputPipeline } from '../../../src/runbook/risk/output-pipeline.ts';

const programs = (text: string) => outputPipeline(text).map((command) => command.program);

describe('outputPipeline', () => {
  it('gives each command of the pipeline with its words, quotes removed', () => {
    expect(outputPipeline(`docker compose logs api 2>&1 | tail -50 | grep -iE 'error|fatal'`)).toEqual([
      { program: 'docker', args: ['compose', 'logs', 'api'] },
      { program: 'tail', args: ['-50'] },
      { program: 'grep', args: ['-iE', 'error|fatal'] },
    ]);
    expect(outputPipeline(`curl -sS -w "%{http_code}\\n" -o /dev/null "$URL"`)).toEqual([
      { program: 'curl', args: ['-sS', '-w', '%{http_code}\\n', '-o', '/dev/null', '"$URL"'] },
    ]);
  });

  it('sees through assignments, wrappers and their options, and directories', () => {
    expect(programs('FOO=1 sudo -u app -E env LANG=C timeout -s KILL 5 /usr/bin/grep -c x f')).toEqual([
      'grep',
    ]);
    expect(outputPipeline('nice -n 10 nohup kubectl get pods')).toEqual([
      { program: 'kubectl', args: ['get', 'pods'] },
    ]);
    expect(programs('command -v docker')).toEqual(['command']);
  });

  it('leaves out statements that print nothing', () => {
    expect(programs('cd /srv/app && docker compose ps api')).toEqual(['docker']);
    expect(programs('kubectl get pods -n prod || true')).toEqual(['kubectl']);
    expect(programs('export KUBECONFIG=/etc/k.yml; kubectl get pods')).toEqual(['kubectl']);
    expect(programs('systemctl is-active --quiet nginx || systemctl status nginx')).toEqual(['systemctl']);
    expect(programs('ps aux | grep -q [n]ginx && curl -s localhost')).toEqual(['curl']);
  });

  it('does not pick one when several pipelines print, nor splits inside quotes or `||`', () => {
    expect(outputPipeline('df -h; free -m')).toEqual([]);
    expect(outputPipeline('uptime && df -h')).toEqual([]);
    expect(programs(`echo 'a | b' | grep "x|y"`)).toEqual(['echo', 'grep']);
    expect(programs('journalctl -u api --since "10 min ago" | grep -c ERROR')).toEqual([
      'journalctl',
      'grep',
    ]);
  });

  it('keeps the rest of a pipeline written after a heredoc', () => {
    expect(programs('cat <<EOF | grep -c LISTEN\nLISTEN 0 128\nEOF')).toEqual(['cat', 'grep']);
  });

  it('marks a program known only at run time, or a stage that is not a simple command', () => {
    expect(programs('$TOOL status | grep x')).toEqual(['', 'grep']);
    expect(programs('(cd /srv && ls) | wc -l')).toEqual(['', 'wc']);
  });

  it('gives nothing for text bash would not parse', () => {
    expect(outputPipeline('curl "http://x')).toEqual([]);
    expect(outputPipeline('')).toEqual([]);
  });

  it('reads a text once: every later diagnose of the step gets the same, unchangeable pipeline', () => {
    const first = outputPipeline('systemctl status nginx | head -5');
    expect(outputPipeline('systemctl status nginx | head -5')).toBe(first);
    expect(() => (first as unknown as object[]).push({ program: 'rm' })).toThrow(TypeError);
    expect(() => {
      (first[0] as { program: string }).program = 'rm';
    }).toThrow(TypeError);
    expect(() => first[0]?.args.push('-rf')).toThrow(TypeError);
    expect(outputPipeline('systemctl status nginx | head -5')).toEqual([
      { program: 'systemctl', args: ['status', 'nginx'] },
      { program: 'head', args: ['-5'] },
    ]);
  });
});
