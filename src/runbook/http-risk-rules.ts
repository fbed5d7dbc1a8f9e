import { change, type RiskVerdict, read } from './risk-verdict.ts';
import { hasFlag } from './skip-options.ts';
import { words } from './words.ts';

const CURL_SENDS = words(`
  -d --data --data-raw --data-binary --data-urlencode -F --form -T --upload-file --json
`);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function curlMethod(args: string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '-X' || arg === '--request') return (args[i + 1] ?? '').toUpperCase();
    if (arg.startsWith('--request=')) return arg.slice('--request='.length).toUpperCase();
    if (/^-X\S+$/.test(arg)) return arg.slice(2).toUpperCase();
  }
  return null;
}

function curlWritesFile(args: string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '-O' || arg === '--remote-name' || arg === '--remote-name-all') return true;
    if (arg === '-o' || arg === '--output') {
      const target = args[i + 1] ?? '';
      if (target !== '/dev/null' && target !== '-') return true;
    }
    if (/^-o\S+$/.test(arg) && arg !== '-o/dev/null') return true;
  }
  return false;
}

/** curl is a read only for a GET/HEAD that sends no body and writes no file. */
export function judgeCurl(args: string[]): RiskVerdict {
  const method = curlMethod(args);
  if (method !== null && !SAFE_METHODS.has(method)) return change(`curl -X ${method}`);
  if (hasFlag(args, CURL_SENDS)) return change('curl sending data');
  if (curlWritesFile(args)) return change('curl writing a file');
  return read('curl GET');
}

/** wget writes a file unless told to print (`-O -`) or only check (`--spider`). */
export function judgeWget(args: string[]): RiskVerdict {
  if (args.some((arg) => /^--(post-data|post-file|method|body-data|body-file)/.test(arg)))
    return change('wget sending data');
  if (args.includes('--spider')) return read('wget --spider');
  const outputAt = args.findIndex((arg) => arg === '-O' || arg === '--output-document');
  const output = outputAt === -1 ? null : args[outputAt + 1];
  const bundled = args.find((arg) => /^-[a-zA-Z]*O\S+$/.test(arg) && !arg.startsWith('--'));
  const bundledTarget = bundled?.slice(bundled.indexOf('O') + 1);
  const target =
    args.find((arg) => arg.startsWith('--output-document='))?.split('=')[1] ?? output ?? bundledTarget;
  if (target === '-' || target === '/dev/null') return read('wget to stdout');
  return change('wget downloading a file');
}
