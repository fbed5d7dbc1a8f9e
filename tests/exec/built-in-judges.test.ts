import { describe, expect, it } from 'vitest';
import { judgeStep } from '../../src/exec/judge/judge-step.ts';
import type { StepStatus } from '../../src/exec/step-result.ts';
import { englishVerdict } from '../../src/render/common/describe-verdict.ts';
import { commandStep } from './make-step.ts';

/** Outputs as the tools print them (captured on real hosts, names changed). */
const KUBECTL_CRASHLOOP = `NAME                              READY   STATUS             RESTARTS        AGE
checkout-api-7d9f8b6c5-2xkqp      0/1     CrashLoopBackOff   12 (2m14s ago)  41m
checkout-api-7d9f8b6c5-8hw4n      1/1     Running            0               41m
checkout-worker-5c7b9d9f4-kq2lm   1/1     Running            3 (40m ago)     2d3h
db-migrate-28412345-x7v2p         0/1     Completed          0               6h
`;

const KUBECTL_ALL_READY = `NAME                              READY   STATUS      RESTARTS   AGE
checkout-api-7d9f8b6c5-2xkqp      2/2     Running     0          3h12m
checkout-api-7d9f8b6c5-8hw4n      2/2     Running     0          3h12m
db-migrate-28412345-x7v2p         0/1     Completed   0          6h
`;

const KUBECTL_ALL_NAMESPACES = `NAMESPACE     NAME                                  READY   STATUS             RESTARTS      AGE
kube-system   coredns-5dd5756b68-9mz7c              1/1     Running            0             12d
payments      ledger-6f8c9d7b5d-tq9zx               0/1     ImagePullBackOff   0             7m
payments      ledger-6f8c9d7b5d-wp4rc               0/2     Pending            0             7m
monitoring    prometheus-k8s-0                      1/2     OOMKilled          4 (90s ago)   1d
`;

const OC_NOT_READY = `NAME                         READY   STATUS    RESTARTS   AGE
router-default-6b7c8d9f-abcde 0/1    Running   0          5m
`;

const SYSTEMCTL_FAILED = `× nginx.service - A high performance web server and a reverse proxy server
     Loaded: loaded (/lib/systemd/system/nginx.service; enabled; vendor preset: enabled)
     Active: failed (Result: exit-code) since Tue 2024-03-05 10:14:02 UTC; 3min 12s ago
       Docs: man:nginx(8)
    Process: 18231 ExecStartPre=/usr/sbin/nginx -t -q -g daemon on; master_process on; (code=exited, status=1/FAILURE)
        CPU: 21ms

Mar 05 10:14:02 web-1 nginx[18231]: nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)
Mar 05 10:14:02 web-1 systemd[1]: nginx.service: Failed with result 'exit-code'.
`;

const SYSTEMCTL_RUNNING = `● postgresql@15-main.service - PostgreSQL Cluster 15-main
     Loaded: loaded (/lib/systemd/system/postgresql@.service; enabled-runtime; preset: enabled)
     Active: active (running) since Mon 2024-03-04 08:00:11 UTC; 1 day 2h ago
   Main PID: 812 (postgres)
      Tasks: 7 (limit: 4647)
`;

const SYSTEMCTL_RESTART_LOOP = `● api.service - Checkout API
     Loaded: loaded (/etc/systemd/system/api.service; enabled; preset: enabled)
     Active: activating (auto-restart) (Result: exit-code) since Tue 2024-03-05 10:20:41 UTC; 2s ago
    Process: 20311 ExecStart=/usr/bin/node /opt/api/server.js (code=exited, status=1/FAILURE)
`;

const SYSTEMCTL_STARTING_LONG = `● elasticsearch.service - Elasticsearch
     Loaded: loaded (/usr/lib/systemd/system/elasticsearch.service; enabled; preset: enabled)
     Active: activating (start) since Tue 2024-03-05 10:02:00 UTC; 4min 30s ago
`;

const SYSTEMCTL_STARTING_NOW = `● elasticsearch.service - Elasticsearch
     Loaded: loaded (/usr/lib/systemd/system/elasticsearch.service; enabled; preset: enabled)
     Active: activating (start) since Tue 2024-03-05 10:02:00 UTC; 8s ago
`;

const SYSTEMCTL_INACTIVE = `○ redis-server.service - Advanced key-value store
     Loaded: loaded (/lib/systemd/system/redis-server.service; disabled; preset: enabled)
     Active: inactive (dead)
`;

const SS_LISTEN = `LISTEN 0      511          0.0.0.0:8080      0.0.0.0:*    users:(("node",pid=1234,fd=21))
`;

const NETSTAT_ESTABLISHED_ONLY = `tcp        0      0 10.0.0.5:8080           10.0.0.9:51522          ESTABLISHED -
tcp        0      0 10.0.0.5:8080           10.0.0.9:51530          TIME_WAIT   -
`;

interface Case {
  name: string;
  command: string;
  expect?: string;
  exitCode: number | null;
  output: string;
  status: StepStatus;
  verdict: string;
}

const cases: Case[] = [
  // curl -w '%{http_code}'
  {
    name: 'curl -w http_code: 502 fails with the code',
    command: 'curl -s -o /dev/null -w "%{http_code}" http://localhost:8080/healthz',
    exitCode: 0,
    output: '502',
    status: 'fail',
    verdict: 'expected HTTP 2xx/3xx, got HTTP 502',
  },
  {
    name: 'curl -w http_code with a newline: 200 passes',
    command: "curl -s -o /dev/null -w '%{http_code}\\n' https://status.internal/ready",
    exitCode: 0,
    output: '200\n',
    status: 'pass',
    verdict: 'got HTTP 200',
  },
  {
    name: 'curl -w http_code: a redirect passes',
    command: 'curl -s -o /dev/null -w %{http_code} http://localhost/',
    exitCode: 0,
    output: '301',
    status: 'pass',
    verdict: 'got HTTP 301',
  },
  {
    name: 'curl -w http_code after the body: 404 at the end',
    command: 'curl -s -w "%{http_code}" http://localhost:8080/api/v1/health',
    exitCode: 0,
    output: '{"error":"not found","id":200}404',
    status: 'fail',
    verdict: 'expected HTTP 2xx/3xx, got HTTP 404',
  },
  {
    name: 'curl -sS -w: no response is 000 with curl’s reason',
    command: 'curl -sS -o /dev/null -w "%{http_code}" http://localhost:8080/healthz',
    exitCode: 7,
    output: "curl: (7) Failed to connect to localhost port 8080 after 0 ms: Couldn't connect to server\n000",
    status: 'fail',
    verdict:
      "expected HTTP 2xx/3xx, got HTTP 000 — curl: (7) Failed to connect to localhost port 8080 after 0 ms: Couldn't connect to server",
  },
  {
    name: 'curl -f -w: a 503 exits 22 and names the code',
    command: 'curl -fsS -o /dev/null -w "%{http_code}" http://localhost:8080/healthz',
    exitCode: 22,
    output: 'curl: (22) The requested URL returned error: 503\n503',
    status: 'fail',
    verdict: 'expected HTTP 2xx/3xx, got HTTP 503',
  },
  {
    name: 'curl -w with a label and timing: the labelled code decides',
    command: 'curl -s -o /dev/null -w "code=%{http_code} time=%{time_total}\\n" http://localhost:8080/',
    exitCode: 0,
    output: 'code=500 time=0.004211\n',
    status: 'fail',
    verdict: 'expected HTTP 2xx/3xx, got HTTP 500',
  },
  {
    name: 'a written expectation wins over the built-in judge',
    command: 'curl -s -o /dev/null -w "%{http_code}" http://localhost:8080/admin',
    expect: '401',
    exitCode: 0,
    output: '401',
    status: 'pass',
    verdict: 'got HTTP 401',
  },
  {
    name: 'a written 200 is not met by a printed 502',
    command: 'curl -s -o /dev/null -w "%{http_code}" http://localhost:8080/healthz',
    expect: '200',
    exitCode: 0,
    output: '502',
    status: 'fail',
    verdict: 'expected 200, got HTTP 502',
  },
  // kubectl / oc get pods
  {
    name: 'kubectl get pods: CrashLoopBackOff names the pod, a Completed job is fine',
    command: 'kubectl get pods -n checkout',
    exitCode: 0,
    output: KUBECTL_CRASHLOOP,
    status: 'fail',
    verdict: 'expected Ready, got checkout-api-7d9f8b6c5-2xkqp 0/1 CrashLoopBackOff',
  },
  {
    name: 'kubectl get pods: every pod Ready passes',
    command: 'kubectl -n checkout get pods -l app=checkout-api',
    exitCode: 0,
    output: KUBECTL_ALL_READY,
    status: 'pass',
    verdict: 'got Ready 2/3',
  },
  {
    name: 'kubectl get pods -A: ImagePullBackOff, Pending and OOMKilled are all named',
    command: 'kubectl get pods --all-namespaces -o wide',
    exitCode: 0,
    output: KUBECTL_ALL_NAMESPACES,
    status: 'fail',
    verdict:
      'expected Ready, got ledger-6f8c9d7b5d-tq9zx 0/1 ImagePullBackOff, ledger-6f8c9d7b5d-wp4rc 0/2 Pending, prometheus-k8s-0 1/2 OOMKilled',
  },
  {
    name: 'oc get pods: Running but not Ready fails',
    command: 'oc get pods -n openshift-ingress',
    exitCode: 0,
    output: OC_NOT_READY,
    status: 'fail',
    verdict: 'expected Ready, got router-default-6b7c8d9f-abcde 0/1 Running',
  },
  {
    name: 'kubectl get pods | grep: rows without the header are judged too',
    command: 'kubectl get pods -n checkout | grep checkout-api',
    exitCode: 0,
    output: KUBECTL_CRASHLOOP.split('\n').slice(1, 3).join('\n'),
    status: 'fail',
    verdict: 'expected Ready, got checkout-api-7d9f8b6c5-2xkqp 0/1 CrashLoopBackOff',
  },
  {
    name: 'kubectl get pods -o json is not a table: the ordinary verdict',
    command: 'kubectl get pods -o json',
    exitCode: 0,
    output: '{"items":[{"status":{"phase":"Pending"}}]}',
    status: 'pass',
    verdict: 'ok',
  },
  // systemctl
  {
    name: 'systemctl status: failed names the unit and the result',
    command: 'systemctl status nginx --no-pager',
    exitCode: 3,
    output: SYSTEMCTL_FAILED,
    status: 'fail',
    verdict: 'expected active, got nginx.service: failed (Result: exit-code) · 3min 12s ago',
  },
  {
    name: 'systemctl status: active (running) passes',
    command: 'sudo systemctl status postgresql@15-main',
    exitCode: 0,
    output: SYSTEMCTL_RUNNING,
    status: 'pass',
    verdict: 'got postgresql@15-main.service: active (running) · 1 day 2h ago',
  },
  {
    name: 'systemctl status: a restart loop fails at once',
    command: 'systemctl status api.service',
    exitCode: 3,
    output: SYSTEMCTL_RESTART_LOOP,
    status: 'fail',
    verdict: 'expected active, got api.service: activating (auto-restart) (Result: exit-code) · 2s ago',
  },
  {
    name: 'systemctl status: starting for minutes is stuck',
    command: 'systemctl status elasticsearch',
    exitCode: 3,
    output: SYSTEMCTL_STARTING_LONG,
    status: 'fail',
    verdict: 'expected active, got elasticsearch.service: activating (start) · 4min 30s ago',
  },
  {
    name: 'systemctl status: starting for seconds is reported, not failed',
    command: 'systemctl status elasticsearch',
    exitCode: 3,
    output: SYSTEMCTL_STARTING_NOW,
    status: 'info',
    verdict: 'expected active, got elasticsearch.service: activating (start) · 8s ago',
  },
  {
    name: 'systemctl status: inactive (dead) fails',
    command: 'systemctl status redis-server',
    exitCode: 3,
    output: SYSTEMCTL_INACTIVE,
    status: 'fail',
    verdict: 'expected active, got redis-server.service: inactive (dead)',
  },
  {
    name: 'systemctl is-active: one state per unit, the failed one named',
    command: 'systemctl is-active nginx php8.2-fpm',
    exitCode: 3,
    output: 'active\nfailed\n',
    status: 'fail',
    verdict: 'expected active, got php8.2-fpm: failed',
  },
  {
    name: 'systemctl is-active: active passes',
    command: 'systemctl is-active --quiet docker || systemctl is-active docker',
    exitCode: 0,
    output: 'active\n',
    status: 'pass',
    verdict: 'got docker: active',
  },
  {
    name: 'systemctl status of a unit that does not exist: the exit code says it',
    command: 'systemctl status nginx',
    exitCode: 4,
    output: 'Unit nginx.service could not be found.\n',
    status: 'fail',
    verdict: 'exit code 4: Unit nginx.service could not be found.',
  },
  // read from the bash syntax tree: wrappers with options, setup statements, short options together
  {
    name: 'sudo -u with kubectl get pods after a cd: the pods still decide',
    command: 'cd /srv/deploy && sudo -u deploy kubectl get pods -n checkout',
    exitCode: 0,
    output: KUBECTL_CRASHLOOP,
    status: 'fail',
    verdict: 'expected Ready, got checkout-api-7d9f8b6c5-2xkqp 0/1 CrashLoopBackOff',
  },
  {
    name: 'curl -sSw (w among the short options) with its value: 503 fails',
    command: "timeout 10 curl -sSw '%{http_code}' -o /dev/null http://localhost:8080/healthz",
    exitCode: 0,
    output: '503',
    status: 'fail',
    verdict: 'expected HTTP 2xx/3xx, got HTTP 503',
  },
  {
    name: 'a `|` inside quotes is not a pipeline: kubectl -o jsonpath is not a table',
    command: `kubectl get pods -o 'jsonpath={.items[*].status.phase} | tr " " "\\n"'`,
    exitCode: 0,
    output: 'Running Running',
    status: 'pass',
    verdict: 'ok',
  },
  // ss / netstat
  {
    name: 'ss -ltn | grep 8080 with nothing is not listening',
    command: 'ss -ltnp | grep 8080',
    exitCode: 1,
    output: '',
    status: 'fail',
    verdict: 'expected LISTEN 8080, got no output',
  },
  {
    name: 'ss -ltn | grep 8080 with a LISTEN line passes',
    command: 'ss -ltnp | grep 8080',
    exitCode: 0,
    output: SS_LISTEN,
    status: 'pass',
    verdict: 'ok',
  },
  {
    name: 'netstat -an | grep :8080 with only connections is not listening',
    command: 'sudo netstat -an | grep ":8080" | grep LISTEN',
    exitCode: 1,
    output: '',
    status: 'fail',
    verdict: 'expected LISTEN :8080, got no output',
  },
  {
    name: 'netstat -tlnp | grep with established connections only',
    command: 'netstat -tlnp | grep -w 8080',
    exitCode: 0,
    output: NETSTAT_ESTABLISHED_ONLY,
    status: 'fail',
    verdict:
      'expected LISTEN 8080, got tcp        0      0 10.0.0.5:8080           10.0.0.9:51522          ESTABLISHED -',
  },
  {
    name: 'ss without -l listing connections: a grep that finds nothing stays informational',
    command: 'ss -tn | grep 10.0.0.9',
    exitCode: 1,
    output: '',
    status: 'info',
    verdict: 'no matching lines',
  },
];

describe('built-in judges where the runbook wrote no expectation', () => {
  it.each(cases)('$name', (row) => {
    const judged = judgeStep(commandStep({ command: row.command, expect: row.expect ?? null }), {
      exitCode: row.exitCode,
      timedOut: false,
      timeoutMs: 20_000,
      output: row.output,
    });
    expect({ status: judged.status, verdict: englishVerdict(judged.detail) }).toEqual({
      status: row.status,
      verdict: row.verdict,
    });
  });
});
