// biome-ignore-all lint/suspicious/noTemplateCurlyInString: bash text, `${…}` is meant literally
import { describe, expect, it } from 'vitest';
import type { Section } from '../../../src/runbook/model.ts';
import { analyseParams } from '../../../src/runbook/params/find-params.ts';
import { normaliseParamName, paramEnvName } from '../../../src/runbook/params/param-names.ts';
import { resolveParams } from '../../../src/runbook/params/resolve-params.ts';
import { checkParamValue } from '../../../src/runbook/params/validate-param-value.ts';
import { parseRunbook } from '../../../src/runbook/parse/parse-runbook.ts';
import { classifyRisk } from '../../../src/runbook/risk/classify-risk.ts';

describe('parameters found on the syntax tree', () => {
  it.each([
    [
      'kubectl logs <pod-name> -n <namespace>',
      ['pod-name', 'namespace'],
      'kubectl logs "$RB_POD_NAME" -n "$RB_NAMESPACE"',
    ],
    ['kubectl get pods -n $NAMESPACE', ['namespace'], 'kubectl get pods -n "$RB_NAMESPACE"'],
    ['kubectl --context ${CLUSTER} get nodes', ['cluster'], 'kubectl --context "${RB_CLUSTER}" get nodes'],
    ['ssh YOUR_USER@bastion uptime', ['user'], 'ssh "$RB_USER"@bastion uptime'],
    [
      'curl -H "Authorization: Bearer <YOUR_TOKEN>" https://x',
      ['token'],
      'curl -H "Authorization: Bearer ${RB_TOKEN}" https://x',
    ],
    ['grep "$PATTERN" /var/log/syslog', ['pattern'], 'grep "$RB_PATTERN" /var/log/syslog'],
    ['kubectl exec -it <podName> -- ls', ['pod-name'], 'kubectl exec -it "$RB_POD_NAME" -- ls'],
    ['rm -rf $DIR/', ['dir'], 'rm -rf "$RB_DIR"/'],
    ['echo "$(cat <file>)"', ['file'], 'echo "$(cat "$RB_FILE")"'],
  ])('%s', (command, params, runs) => {
    const analysis = analyseParams(command);
    expect(analysis.params).toEqual(params);
    expect(analysis.runs).toBe(runs);
    expect(analysis.refused).toBeNull();
  });

  it.each([
    'sort <input.txt >output.txt',
    'grep x < file.txt > out.txt',
    'X=1; echo $X',
    'export NS=payments; kubectl get pods -n $NS',
    'for pod in a b; do kubectl logs $pod; done',
    'read -r name; echo "$name"',
    'echo ${REGION:-us-east-1} $HOME $PATH $1 $@ $?',
    "awk '{print $1}' /etc/hosts",
    'cat <<EOF\nliteral\nEOF',
    'echo done # see <docs>',
  ])('no parameter in %s', (command) => {
    expect(analyseParams(command).params).toEqual([]);
  });

  it('does not count a variable the binding passes (env)', () => {
    expect(analyseParams('curl -f $DATABASE_URL', ['DATABASE_URL']).params).toEqual([]);
    expect(analyseParams('curl -f $DATABASE_URL').params).toEqual(['database-url']);
  });

  it('rewrites inside an unquoted heredoc without extra quotes', () => {
    const analysis = analyseParams('cat <<EOF\nnamespace: <namespace> $OWNER\nEOF');
    expect(analysis.runs).toBe('cat <<EOF\nnamespace: ${RB_NAMESPACE} $RB_OWNER\nEOF');
  });

  it.each([
    ["echo 'restart <pod>'", /single quotes/],
    ["cat <<'EOF'\n<pod>\nEOF", /single quotes/],
    ['echo $(( $COUNT + 1 ))', /arithmetic/],
    ['echo ${list[$INDEX]}', /arithmetic/],
    ['[[ $REPLICAS -gt 3 ]] && echo many', /number/],
    ['<script> --now', /name of the program/],
    ['$TOOL status', /name of the program/],
  ])('refuses %s', (command, why) => {
    const analysis = analyseParams(command);
    expect(analysis.params.length).toBeGreaterThan(0);
    expect(analysis.refused).toMatch(why);
  });

  it('marks values a shell reads again (bash -c, ssh)', () => {
    expect(analyseParams('bash -c "kubectl logs <pod>"').reread).toEqual(['pod']);
    expect(analyseParams('kubectl logs <pod>').reread).toEqual([]);
  });

  it('decides the risk on the rewritten command: a quoted value is one operand', () => {
    const runs = analyseParams('kubectl logs <pod-name> -n <namespace>').runs ?? '';
    expect(classifyRisk(runs).risk).toBe('read');
  });

  it('normalises names and environment names', () => {
    expect(normaliseParamName('POD_NAME')).toBe('pod-name');
    expect(normaliseParamName('YOUR-NAMESPACE')).toBe('namespace');
    expect(normaliseParamName('podName')).toBe('pod-name');
    expect(paramEnvName('pod-name')).toBe('RB_POD_NAME');
  });
});

describe('values against the rules', () => {
  it.each([
    ['api-7d9f', null],
    ['payments.svc:8080', null],
    ['-rf', /must not start with "-"/],
    ['a b', /one word/],
    ['a;reboot', /shell characters/],
    ['$(id)', /shell characters/],
    ['x'.repeat(129), /at most 128/],
    ['a\u200bb', /invisible/],
    ['', /needs a value/],
  ])('%j', (value, rule) => {
    const message = checkParamValue('pod', value, undefined);
    if (rule === null) expect(message).toBeNull();
    else expect(message).toMatch(rule);
  });

  it('uses the binding: choices, an anchored pattern, free text when described', () => {
    expect(checkParamValue('ns', 'payments', { choices: ['payments'] })).toBeNull();
    expect(checkParamValue('ns', 'other', { choices: ['payments'] })).toMatch(/one of: payments/);
    expect(checkParamValue('pod', 'api-1x', { pattern: '[a-z0-9-]+' })).toBeNull();
    expect(checkParamValue('pod', 'API', { pattern: '[a-z]+' })).toMatch(/must match/);
    expect(checkParamValue('pod', 'ok; rm', { pattern: 'ok' })).toMatch(/must match/);
    expect(checkParamValue('reason', 'disk full; see ticket', { describe: 'why' })).toBeNull();
    expect(checkParamValue('reason', 'disk full', { describe: 'why' }, true)).toMatch(/one word/);
  });

  it('fills defaults, reports missing and unknown names', () => {
    const runbook = parseRunbook(
      '# R\n\n## S\n\n```bash\nkubectl logs <pod> -n <namespace>\n```\n',
      '/x/r.md',
    );
    const section = runbook.sections.find((entry) => entry.id === 's') as Section;
    const resolved = resolveParams(section, { namespace: { default: 'payments' } }, { colour: 'x' });
    expect(resolved.values).toEqual({ namespace: 'payments' });
    expect(resolved.missing).toEqual(['pod']);
    expect(resolved.refused[0]?.message).toMatch(/has no parameter colour/);
  });
});
