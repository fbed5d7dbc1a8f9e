import type { OptionSpec } from '../option-parser.ts';
import { change, read } from '../risk-verdict.ts';
import type { RiskRule } from '../rule-types.ts';
import { own, withOptions } from './rule-helpers.ts';

const LOG_LIKE = `--oneline --graph --all --stat --shortstat --numstat --name-only --name-status --no-merges
  --merges --first-parent --reverse --abbrev-commit --no-color --no-patch -p -s --patch --follow
  --no-abbrev-commit --summary --raw --cached --staged -w --ignore-all-space --no-ext-diff --no-textconv
  --full-history --topo-order --date-order --left-right --cherry-pick --source --show-signature
  --no-renames -M -C`;
const LOG_VALUES = `-n --max-count --since --until --after --before --author --committer --grep -S -G
  --format --pretty --date --skip -L --diff-filter --stat-width -U --unified --abbrev --relative`;

/** git verbs that only read, each with its options (`git diff --output=f` writes: not listed). */
const GIT_READS: Record<string, OptionSpec> = {
  status: {
    flags: '-s -b -v --short --branch --long --ignored --show-stash --ahead-behind',
    optional: '--porcelain -u --untracked-files',
  },
  log: { flags: LOG_LIKE, values: LOG_VALUES, optional: '--decorate --color', numeric: true },
  show: { flags: LOG_LIKE, values: LOG_VALUES, optional: '--decorate --color' },
  diff: { flags: LOG_LIKE, values: LOG_VALUES, optional: '--color --word-diff' },
  'rev-parse': {
    flags:
      '--abbrev-ref --show-toplevel --git-dir --is-inside-work-tree --verify -q --quiet --symbolic-full-name --show-prefix',
    optional: '--short',
  },
  describe: {
    flags: '--tags --always --long --all --exact-match',
    optional: '--dirty --abbrev',
    values: '--match',
  },
  blame: { flags: '-w -s -e -l -t -M -C', values: '-L --date' },
  shortlog: { flags: '-s -n -e --summary --numbered --email --all', values: '--since --until' },
  'ls-files': {
    flags: '-m -o -d -c -s -i --modified --others --deleted --cached --stage --exclude-standard',
  },
  'ls-tree': { flags: '-r -t -d -l --name-only --full-tree', values: '--format' },
  'cat-file': { flags: '-t -s -p -e' },
  'rev-list': { flags: '--count --all --reverse', values: '-n --max-count --since --until' },
  'for-each-ref': { values: '--format --sort --count' },
  'show-ref': { flags: '--heads --tags -s' },
  'ls-remote': { flags: '--heads --tags -h -t --refs -q' },
  'count-objects': { flags: '-v -H' },
  version: {},
  grep: { flags: '-i -v -w -n -l -c -E -F -P -I --cached -h -H', values: '-e -A -B -C' },
  'merge-base': { flags: '--is-ancestor --all' },
};

/** `branch`, `tag`, `remote`, `stash`, `worktree`, `config` read only in their listing forms. */
const LISTING: Record<string, RegExp> = {
  branch: /^(-a|-r|-v|-vv|--list|--show-current|--all|--remotes|--verbose|--merged|--no-merged|--contains)$/,
  tag: /^(-l|--list|-n\d*)$/,
  remote: /^(-v|--verbose)$/,
};

const CONFIG_GETTERS = /^(--get|--get-all|--list|-l|--get-regexp|--get-urlmatch)$/;
const CONFIG_READ_FLAGS =
  /^(--global|--system|--local|--worktree|--show-origin|--show-scope|--name-only|-z|--null|--includes|--no-includes|--bool|--int|--path|--bool-or-int)$/;

/** git: `-C dir`, `--no-pager` skipped; `-c` (sets config, e.g. a pager) refused. */
const git: RiskRule = withOptions(
  {
    flags: '--no-pager -P --no-replace-objects --literal-pathspecs --bare',
    values: '-C --git-dir --work-tree',
    stopAtOperand: true,
  },
  ({ operands, rest }, context) => {
    const verb = operands[0];
    if (!verb) return change('git without a command');
    if (!verb.isStatic) return change(`git ${verb.text} (known only at run time)`);
    const spec = own(GIT_READS, verb.text);
    if (spec) return withOptions(spec, () => read(`git ${verb.text}`))(rest, context);
    const listing = own(LISTING, verb.text);
    if (listing) {
      const ok =
        rest.length === 0 ||
        rest.every(
          (word) =>
            word.isStatic &&
            (listing.test(word.text) ||
              (verb.text === 'branch' &&
                !word.text.startsWith('-') &&
                rest.some((w) => /^(--list|-l|--contains|--merged)$/.test(w.text)))),
        );
      return ok
        ? read(`git ${verb.text}`)
        : change(`git ${verb.text} ${rest.map((word) => word.text).join(' ')}`);
    }
    if (verb.text === 'stash' || verb.text === 'worktree')
      return rest[0]?.text === 'list' || (verb.text === 'stash' && rest[0]?.text === 'show')
        ? read(`git ${verb.text} ${rest[0]?.text}`)
        : change(`git ${verb.text}`);
    if (verb.text === 'reflog') {
      // `git reflog` / `git reflog show …` print; `expire`, `delete` (and any other word) change
      if (rest[0]?.isStatic && rest[0].text === 'show')
        return withOptions(GIT_READS.log as OptionSpec, () => read('git reflog show'))(
          rest.slice(1),
          context,
        );
      return withOptions({ values: '-n', numeric: true }, ({ operands }) =>
        operands.length === 0 ? read('git reflog') : change(`git reflog ${operands[0]?.text}`),
      )(rest, context);
    }
    if (verb.text === 'config') {
      // every word: a reading option, or at most a name and a value pattern
      const options = rest.filter((word) => word.text.startsWith('-'));
      const names = rest.filter((word) => !word.text.startsWith('-'));
      const ok =
        rest.every((word) => word.isStatic) &&
        options.some((word) => CONFIG_GETTERS.test(word.text)) &&
        options.every((word) => CONFIG_GETTERS.test(word.text) || CONFIG_READ_FLAGS.test(word.text)) &&
        names.length <= 2;
      return ok ? read('git config --get') : change('git config');
    }
    return change(`git ${verb.text}`);
  },
);

export const GIT_RULES: Record<string, RiskRule> = { git };
