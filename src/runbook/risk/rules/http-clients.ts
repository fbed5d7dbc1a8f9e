import { hasOption, optionValues } from '../option-parser.ts';
import { change, read } from '../risk-verdict.ts';
import type { RiskRule } from '../rule-types.ts';
import type { ShellWord } from '../shell-word.ts';
import { withOptions } from './rule-helpers.ts';

const STDOUT_TARGETS = new Set(['-', '/dev/null', '/dev/stdout', '/dev/stderr']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/**
 * Only an explicit, static `http://`/`https://` fetches: `dict://`, `gopher://`, `file://`… can send or
 * read anything, and with no scheme curl guesses one from the host (`dict.x`, `ftp.x`, `ldap.x`).
 */
const FETCHING_URL = /^https?:\/\//i;

const isStdout = (word: ShellWord) => word.isStatic && STDOUT_TARGETS.has(word.text);

/** curl: GET/HEAD only, no body, no upload, output only to stdout or /dev/null, http(s) URLs. */
const curl: RiskRule = withOptions(
  {
    flags: `-s -S -f -L -I -i -v -k -4 -6 -N -g -q -G -# --silent --show-error --fail --fail-with-body
      --location --head --include --verbose --insecure --compressed --http1.1 --http2 --http1.0
      --http2-prior-knowledge --http3 --no-buffer --globoff --ipv4 --ipv6 --no-progress-meter
      --progress-bar --raw --tcp-nodelay --no-keepalive --location-trusted --path-as-is --digest --basic
      --ntlm --negotiate --anyauth --fail-early --ssl-reqd --tlsv1.2 --tlsv1.3 --retry-connrefused
      --retry-all-errors --get --no-sessionid --styled-output --no-styled-output --trace-time`,
    values: `-m -w -H -A -e -x -r -o -X -u -b -Y -y -D --max-time --connect-timeout --write-out --header
      --user-agent --referer --retry --retry-delay --retry-max-time --resolve --connect-to --proxy
      --noproxy --cacert --capath --cert --key --cert-type --key-type --limit-rate --range --output
      --request --user --oauth2-bearer --interface --dns-servers --max-redirs --unix-socket
      --abstract-unix-socket --cookie --speed-limit --speed-time --url --expect100-timeout --local-port
      --max-filesize --dump-header --keepalive-time`,
  },
  ({ options, operands }) => {
    for (const method of optionValues(options, '-X', '--request')) {
      if (!method.isStatic || !SAFE_METHODS.has(method.text.toUpperCase()))
        return change(`curl -X ${method.text} (not a GET)`);
    }
    for (const output of optionValues(options, '-o', '--output', '-D', '--dump-header')) {
      if (!isStdout(output)) return change(`curl -o ${output.text} (writes a file)`);
    }
    for (const format of optionValues(options, '-w', '--write-out')) {
      if (!format.isStatic || format.text.includes('%output{')) return change('curl -w writing a file');
    }
    const urls = [...operands, ...optionValues(options, '--url')];
    if (hasOption(options, '-G', '--get') && urls.length === 0) return change('curl without a URL');
    for (const url of urls) {
      if (!FETCHING_URL.test(url.prefix))
        return change(`curl ${url.text} (not an http(s) URL known before it runs)`);
    }
    return read('curl GET');
  },
);

/** wget: only to stdout (`-O -`, `-qO-`), /dev/null or `--spider`; never `--post-*`. */
const wget: RiskRule = withOptions(
  {
    flags: `-q -S -v -nv --quiet --server-response --verbose --no-verbose --spider
      --no-check-certificate -4 -6 --inet4-only --inet6-only --no-proxy --no-cache --no-dns-cache`,
    values: `-O -T -t -U --output-document --timeout --tries --header --user-agent --wait --dns-timeout
      --connect-timeout --read-timeout --max-redirect --user --http-user --password --http-password`,
  },
  ({ options, operands }) => {
    const outputs = optionValues(options, '-O', '--output-document');
    if (outputs.length === 0 && !hasOption(options, '--spider')) return change('wget downloading a file');
    for (const output of outputs)
      if (!isStdout(output)) return change(`wget -O ${output.text} (writes a file)`);
    for (const url of operands) {
      if (!FETCHING_URL.test(url.prefix))
        return change(`wget ${url.text} (not an http(s) URL known before it runs)`);
    }
    return read(hasOption(options, '--spider') ? 'wget --spider' : 'wget to stdout');
  },
);

/** nc/ncat: a port check (`-z`) with nothing on stdin; anything else sends bytes to a server. */
const netcat: RiskRule = withOptions(
  { flags: '-z -v -n -u -4 -6 -N', values: '-w -i' },
  ({ options }, { program, stdin }) => {
    if (!hasOption(options, '-z')) return change(`${program} (sends its input over the network)`);
    if (stdin.kind !== 'none') return change(`${program} sending ${stdin.origin} over the network`);
    return read(`${program} -z (port check)`);
  },
);

/** telnet with nothing on stdin only connects; with input it sends it. */
const telnet: RiskRule = (_args, { stdin }) =>
  stdin.kind === 'none'
    ? read('telnet (connect only)')
    : change(`telnet sending ${stdin.origin} over the network`);

export const HTTP_RULES: Record<string, RiskRule> = {
  curl,
  wget,
  nc: netcat,
  ncat: netcat,
  netcat,
  telnet,
  socat: () => change('socat (relays data between endpoints)'),
};
