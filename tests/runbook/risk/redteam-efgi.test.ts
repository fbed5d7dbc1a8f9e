import { describe, expect, it } from 'vitest';
import { classifyRisk } from '../../../src/runbook/risk/classify-risk.ts';

const CHANGES = [
  // E. host tools
  'hostnamectl hostname evil',
  'hostnamectl icon-name computer-vm',
  'hostnamectl chassis server',
  'hostnamectl deployment production',
  'hostnamectl location rack1',
  'resolvectl dns eth0 1.1.1.1',
  'resolvectl domain eth0 evil.com',
  'journalctl --cursor-file=/etc/passwd -n1',
  'journalctl --cursor-file /etc/passwd -n1',
  // F. cloud and tool CLIs
  'aws s3api get-object --bucket b --key k /etc/passwd',
  'aws glacier get-job-output --account-id - --vault-name v --job-id j /tmp/out',
  'aws s3api get-object --bucket b --no-paginate --key k /tmp/out',
  'aws configure set list-x 1',
  'aws s3 cp describe-me s3://b/',
  'aws s3 mv s3://b/k list-x',
  'aws s3 cp s3://b/k get-out',
  'gcloud compute instances delete list',
  'gcloud config set project list',
  "gcloud compute ssh list --command='rm -rf /'",
  "helm template ./chart --post-renderer bash --post-renderer-args -c --post-renderer-args 'touch x'",
  'helm template ./chart --post-renderer=./x',
  // G. curl and wget
  'curl --resolve dict.x:6379:127.0.0.1 dict.x:6379/flushall',
  'curl dict.localhost:6379/flushall',
  'curl ftp.example.com/file',
  'curl ldap.example.com',
  `X='opher://127.0.0.1:6379/_FLUSHALL%0d%0a'; curl "g$X"`,
  'curl --proto-redir all -L http://evil/redir',
  'curl --proto =all http://evil/',
  'wget -qO- example.com/x',
  // I. git and runners
  'git reflog expire --all',
  'git reflog delete HEAD@{0}',
  'git config --get x --add y z',
  'git config --get-regexp . --unset x',
  'git config --list --replace-all a b',
  'npx -y anything',
  'npx --package=rimraf ls',
  'npx kubectl get pods',
  'pnpx cowsay hi',
  'bunx cowsay hi',
  'pnpm dlx cowsay hi',
  'yarn dlx cowsay hi',
  'bun x cowsay hi',
  'npm exec cowsay',
];

const SECRETS = [
  'cat /etc/kubernetes/admin.conf',
  'cat /var/run/secrets/kubernetes.io/serviceaccount/token',
  'cat ~/.docker/config.json',
  'cat ~/.vault-token',
  'cat wp-config.php',
  'cat config/database.yml',
  'cat /etc/mysql/debian.cnf',
  'cat terraform.tfstate',
  'cat ~/.bash_history',
  'cat prod.kubeconfig',
  'getent shadow',
  'getent gshadow root',
  'ps eww',
  'ps auxe',
  'ps e',
  'jq -n env',
  "jq -n '$ENV'",
  'aws ecr get-login-password',
  'aws ec2 get-password-data --instance-id i-1',
  'aws sts get-session-token',
  'aws ssm get-parameter --name x --with-decryption',
  'aws ssm get-parameters-by-path --path / --with-decryption',
  'az keyvault secret show --vault-name v --name n',
  'helm get all rel',
  'helm get values rel',
  'helm get manifest rel',
  'kubectl get --raw /api/v1/namespaces/default/secrets',
  'kubectl get secret.v1 -o yaml',
  'kubectl get secrets.v1. -o yaml',
  'vault token lookup',
  'vault read secret/x',
  "etcdctl get --prefix ''",
];

const READS = [
  'hostnamectl',
  'hostnamectl status',
  'hostnamectl hostname',
  'resolvectl status eth0',
  'resolvectl dns',
  'journalctl -u nginx -n 50',
  'aws ec2 describe-instances --region eu-west-1',
  'aws s3 ls s3://bucket',
  'gcloud compute instances list',
  'gcloud compute instances describe vm-1 --zone z',
  'az vm list',
  'curl -s https://example.com/health',
  'git reflog',
  'git reflog -n 5',
  'git reflog show HEAD',
  'git config --get user.name',
  'git config --global --list',
  'ps aux',
  'ps -ef',
  'ps -o user,pid -C postgres',
  'getent passwd root',
  "jq '.items[]' data.json",
];

describe('red-team E/F/G/I and secrets', () => {
  it.each(CHANGES)('judges %s change', (command) => {
    const verdict = classifyRisk(command);
    expect(verdict.risk, verdict.reason).toBe('change');
  });
  it.each(SECRETS)('judges %s sensitive', (command) => {
    const verdict = classifyRisk(command);
    expect(verdict.risk, verdict.reason).toBe('sensitive');
  });
  it.each(READS)('keeps %s read', (command) => {
    const verdict = classifyRisk(command);
    expect(verdict.risk, verdict.reason).toBe('read');
  });
});
