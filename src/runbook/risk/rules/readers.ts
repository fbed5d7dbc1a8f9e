import type { OptionSpec } from '../option-parser.ts';
import { change, read, sensitive } from '../risk-verdict.ts';
import type { RiskRule } from '../rule-types.ts';
import { readerRule, withOptions } from './rule-helpers.ts';

const GREP: OptionSpec = {
  flags: `-E -F -G -P -i -y -v -w -x -c -L -l -o -q -s -b -H -h -n -T -Z -z -a -I -r -R -U
    --count --files-with-matches --files-without-match --ignore-case --no-ignore-case --invert-match
    --word-regexp --line-regexp --only-matching --quiet --silent --no-messages --byte-offset
    --with-filename --no-filename --line-number --initial-tab --null --null-data --text --recursive
    --dereference-recursive --line-buffered --binary --extended-regexp --fixed-strings --basic-regexp
    --perl-regexp`,
  values: `-e -f -m -A -B -C -d -D --regexp --file --max-count --after-context --before-context --context
    --label --include --exclude --exclude-dir --exclude-from --binary-files --directories --devices
    --group-separator`,
  optional: '--color --colour',
  numeric: true,
};

const READER_SPECS: Record<string, OptionSpec> = {
  cat: {
    flags: `-A -b -e -E -n -s -t -T -u -v --show-all --number-nonblank --show-ends --number
      --squeeze-blank --show-tabs --show-nonprinting`,
  },
  head: {
    flags: '-q -v -z --quiet --silent --verbose --zero-terminated',
    values: '-c -n --bytes --lines',
    numeric: true,
  },
  tail: {
    flags: '-f -F -q -v -z --retry --quiet --silent --verbose --zero-terminated',
    values: '-c -n -s --bytes --lines --pid --sleep-interval --max-unchanged-stats',
    optional: '--follow',
    numeric: true,
  },
  less: { flags: '-N -S -R -r -F -X -i -I -M -m -n -E -e -K -s -q -Q -w -W', values: '-p -x -j -y -b -h -z' },
  more: { flags: '-d -f -l -p -c -s -u', values: '-n', numeric: true },
  grep: GREP,
  egrep: GREP,
  fgrep: GREP,
  zgrep: GREP,
  rg: {
    flags: `-i -S -s -v -w -x -c -l -n -N -H -I -o -u -F -z -L -p -U -a -0 -q --files --hidden --no-ignore
      --json --count --count-matches --ignore-case --smart-case --case-sensitive --invert-match
      --word-regexp --line-regexp --files-with-matches --files-without-match --line-number
      --no-line-number --with-filename --no-filename --only-matching --fixed-strings --search-zip
      --follow --pretty --multiline --text --null --no-heading --heading --trim --vimgrep --stats
      --quiet --column --no-messages`,
    values: `-e -f -g -t -T -m -A -B -C -j -M -r -E --regexp --file --glob --iglob --type --type-not
      --max-count --after-context --before-context --context --threads --max-columns --replace
      --encoding --sort --sortr --max-depth --max-filesize --color --colors --context-separator`,
  },
  zcat: { flags: '-f -q -v -l --force --quiet --verbose --list' },
  wc: { flags: '-c -m -l -L -w --bytes --chars --lines --max-line-length --words', values: '--files0-from' },
  cut: {
    flags: '-s -z -n --complement --only-delimited --zero-terminated',
    values: '-b -c -d -f --bytes --characters --delimiter --fields --output-delimiter',
  },
  tr: { flags: '-c -C -d -s -t --complement --delete --squeeze-repeats --truncate-set1' },
  column: {
    flags: '-t -n -e -x -J -L --table --json --fillrows',
    values: '-c -s -o -N -l -R -H -W -E -O -d',
  },
  nl: { flags: '-p', values: '-b -d -f -h -i -l -n -s -v -w' },
  tac: { flags: '-b -r --before --regex', values: '-s --separator' },
  diff: {
    flags: `-q -s -u -c -y -i -b -w -B -a -r -N -E -Z -t -T -d --brief --report-identical-files
      --side-by-side --ignore-case --ignore-space-change --ignore-all-space --ignore-blank-lines --text
      --recursive --new-file --strip-trailing-cr --suppress-common-lines --expand-tabs --initial-tab
      --minimal --speed-large-files --ignore-tab-expansion`,
    values: '-U -C -W -x -X -I -S --width --exclude --exclude-from --ignore-matching-lines --label',
    optional: '--unified --context --color',
  },
  strings: {
    flags: '-a -d -f -w --all --data --print-file-name --include-all-whitespace',
    values: '-n -t -e -T -s --bytes --radix --encoding --output-separator',
    numeric: true,
  },
  od: {
    flags: '-b -c -d -f -i -l -o -s -x -v --output-duplicates --traditional',
    values: '-A -j -N -t -w --address-radix --skip-bytes --read-bytes --format --width',
  },
  sort: {
    flags: `-b -d -f -g -i -M -h -n -R -r -V -c -C -m -s -u -z --ignore-leading-blanks --dictionary-order
      --ignore-case --general-numeric-sort --ignore-nonprinting --month-sort --human-numeric-sort
      --numeric-sort --random-sort --reverse --version-sort --merge --stable --unique --zero-terminated`,
    values: '-k -t -S -T --key --field-separator --buffer-size --temporary-directory --parallel --sort',
    optional: '--check',
  },
  tree: {
    flags:
      '-a -d -f -i -l -p -s -h -u -g -D -F -C -n -A -S -N -q -r -t -c -v -U -x --du --dirsfirst --noreport',
    values: '-L -P -I --filelimit --charset --sort',
  },
  file: {
    flags: `-b -i -L -h -z -Z -s -k -r -N -n -p -E --brief --mime --mime-type --mime-encoding --dereference
      --no-dereference --uncompress --special-files --keep-going --raw`,
    values: '-F -e -P -m --separator --exclude --parameter --magic-file',
  },
};

const JQ_SPEC: OptionSpec = {
  flags: `-r -j -c -n -e -s -S -C -M -a -R --raw-output --join-output --compact-output --null-input
      --exit-status --slurp --sort-keys --color-output --monochrome-output --ascii-output --tab
      --raw-input --seq --stream --raw-output0 --args --jsonargs`,
  values: '--arg --argjson --indent -f --from-file',
};

/** jq reads like any reader, but `env`/`$ENV` in the filter prints the environment (secrets). */
const jqRule: RiskRule = (args, context) => {
  const words = args.filter((arg) => !arg.prefix.startsWith('-'));
  const fromFile = args.some((arg) => /^(-f|--from-file)/.test(arg.text));
  const filter = words[0];
  if (!fromFile && filter && !filter.isStatic)
    return sensitive(`jq ${filter.text} (filter known only at run time)`);
  const printsEnv = words.find((word) => /\benv\b|\$ENV/.test(word.text));
  if (printsEnv) return sensitive(`jq ${printsEnv.text} (prints the environment)`);
  return readerRule(JQ_SPEC)(args, context);
};

/** Programs that print files (allowlisted options); a secret file makes them sensitive. */
export const READER_RULES: Record<string, RiskRule> = {
  ...Object.fromEntries(Object.entries(READER_SPECS).map(([name, spec]) => [name, readerRule(spec)])),
  // a second operand is an output file
  uniq: readerRule(
    {
      flags: '-c -d -D -i -u -z --count --repeated --ignore-case --unique --zero-terminated',
      values: '-f -s -w --skip-fields --skip-chars --check-chars',
      optional: '--all-repeated --group',
    },
    1,
  ),
  xxd: readerRule(
    {
      flags: '-a -b -C -E -i -p -ps -plain -u -R -autoskip -bits -postscript',
      values: '-c -g -l -o -s -cols -len -seek',
    },
    1,
  ),
  jq: jqRule,
  base64: readerRule({ flags: '-d -i -D --decode --ignore-garbage', values: '-w --wrap' }, 1),
  yq: readerRule({
    flags: '-r -e -j -P -C -M -N --unwrapScalar --exit-status --prettyPrint --colors --no-colors --no-doc',
    values: '-o -p -I --output-format --input-format --indent',
  }),
  tee: withOptions({ flags: '-a -i -p --append --ignore-interrupts' }, ({ operands }) =>
    operands.every((file) => file.isStatic && ['/dev/null', '/dev/stdout', '/dev/stderr'].includes(file.text))
      ? read('tee')
      : change(`tee ${operands.map((file) => file.text).join(' ')} (writes a file)`),
  ),
};
