import { describe, expect, it } from 'vitest';
import { classifyRisk } from '../../../src/runbook/risk/classify-risk.ts';

/** Red-team sections A (builtins, assignments), B (stdin text), H (config env vars): all `change`. */
const CHANGES: string[] = [
  // A
  "x='a[$(touch /tmp/rt/x)]'; echo $((x))",
  `y='a[$(touch /tmp/rt/x)]'; echo "\${!y}"`,
  "x=$'a[\\x24(touch /tmp/rt/x)]'; echo $((x))",
  "test -v 'a[$(touch /tmp/rt/x)]'",
  "[ -v 'a[$(touch x)]' ]",
  "[[ -v 'a[$(touch x)]' ]]",
  "[[ 'a[$(touch x)]' -eq 0 ]]",
  "z='a[$(touch x)]'; [[ z -eq 0 ]]",
  "z='a[`touch x`]'; (( z ))",
  "z='a[$(touch x)]'; let x=z",
  "z='a[$(touch x)]'; declare -i n; n=z",
  "declare z='a[$(touch x)]'; echo $((z))",
  "export 'z=a[$(touch x)]'; bash -c 'echo $((z))'",
  "z='a[$(touch x)]' bash -c 'echo $((z))'",
  "printf -v 'a[$(touch /tmp/rt/x)]' x",
  "printf -v'a[$(touch /tmp/rt/x)]' x",
  "read 'a[$(touch /tmp/rt/x)]' <<< x",
  "read -r -p 'name? ' 'a[$(touch /tmp/rt/x)]' <<< x",
  "read -a 'a[$(touch /tmp/rt/x)]' <<< x",
  'read $name <<< x',
  "mapfile -C 'touch /tmp/rt/x #' -c 1 <<< x",
  "readarray -C 'rm -rf /tmp/rt #' -c 1 < f",
  "readarray -tC 'rm -rf /tmp/rt #' -c 1 < f",
  "mapfile 'a[$(touch x)]' < f",
  "compgen -C 'touch /tmp/rt/x' x",
  'compgen -F f x',
  "compgen -W '$(touch x)' x",
  "unset 'a[$(touch x)]'",
  'unset "$name"',
  "getopts ab 'a[$(touch x)]'",
  'BASH_CMDS[ls]=/bin/rm; ls -rf /tmp/x',
  "BASH_ALIASES[ls]='rm -rf'; ls /tmp/x",
  'shopt -q -s expand_aliases',
  'shopt -s expand_aliases',
  'shopt -u extglob',
  'export "GIT_SSH_COMMAND=touch x #"; git ls-remote host:repo',
  'declare -x "GIT_EXTERNAL_DIFF=/tmp/evil"; git diff',
  'export "LD_PRELOAD=/tmp/x.so"; ls',
  "declare -a 'PATH=(/tmp)'",
  'P=PATH; declare "$P=/tmp"',
  'P=PATH; export $P=/tmp',
  'declare -n r=PATH; r=/evil; ls',
  'printf -v PATH %s /evil; ls',
  'read PATH <<< /evil',
  'mapfile PATH < f',
  // B
  "printf '%s\\n' ls 'rm -rf /tmp/x' | bash",
  "printf 'ls \\x0arm -rf /tmp/x' | sh",
  "echo -e 'ls \\0012rm -rf /tmp/x' | bash",
  "echo -e -n 'ls \\nrm -rf /tmp/x' | bash",
  "printf 'get k\\x0aflushall\\n' | redis-cli",
  "printf '%s\\n' 'get k' flushall | redis-cli",
  "echo -e -n 'get k\\nflushall' | redis-cli",
  "printf 'select 1\\x0a\\\\! touch x' | psql",
  "cat - <(echo 'rm -rf /tmp/x') <<'EOF' | bash\nls\nEOF",
  "cat /tmp/other <<'EOF' | bash\nls\nEOF",
  'bash <<EOF\nls \\`touch x\\`\nEOF',
  'bash <<EOF\nls \\$(touch x)\nEOF',
  // H
  'RIPGREP_CONFIG_PATH=<(echo --pre=rm) rg -u x /victim',
  "AWS_CONFIG_FILE=<(printf '[default]\\ncredential_process = touch x\\n') aws sts get-caller-identity",
  "SYSTEM_WGETRC=<(printf 'method = DELETE\\n') wget -qO- http://api/x",
  'AWS_SHARED_CREDENTIALS_FILE=/tmp/c aws s3 ls',
  "PGSYSCONFDIR=/tmp psql -c 'select 1'",
  'VAULT_CONFIG_PATH=/tmp/v vault status',
  'CLOUDSDK_CONFIG=/tmp/g gcloud config list',
  "CEPH_ARGS='--foo' ceph status",
  "PGOPTIONS='-c x=y' psql -c 'select 1'",
  'BOTO_CONFIG=/tmp/b gsutil ls',
  'SOME_TOOL_CONFIG=$(mktemp) ls',
  'X=<(echo a) ls',
];

describe('red-team A/B/H bypasses', () => {
  it.each(CHANGES)('judges %j change', (command) => {
    expect(classifyRisk(command).risk).toBe('change');
  });

  it.each([
    'read -r line < /etc/hostname',
    "read -p 'Continue [y/n]? ' answer",
    'mapfile -t lines < /etc/hosts',
    'test -v HOME',
    '[ -n "$x" ]',
    'shopt -q extglob',
    'shopt',
    "printf 'select 1;\\n' | psql",
    "echo 'get k' | redis-cli",
    'declare -p PATH',
    'x=$(date); echo "$x"',
    "cat <<'EOF' | bash\nls\nEOF",
  ])('keeps %j read', (command) => {
    expect(classifyRisk(command).risk).toBe('read');
  });
});
