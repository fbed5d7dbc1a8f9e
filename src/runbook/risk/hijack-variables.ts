/**
 * Variables that change which program runs, what it loads or where it reads its settings:
 * setting one makes any later "read-only" program untrustworthy.
 */
const HIJACKS =
  /^(PATH|LD_\w+|BASH\w*|RIPGREP_CONFIG_PATH|AWS_CONFIG_FILE|AWS_SHARED_CREDENTIALS_FILE|AWS_CA_BUNDLE|SYSTEM_WGETRC|PGSYSCONFDIR|PGOPTIONS|PGSERVICE|PGPASSFILE|VAULT_CONFIG_PATH|CLOUDSDK_CONFIG|CEPH_ARGS|BOTO_CONFIG|BOTO_PATH|\w*_CONFIG|\w*_CONFIG_(?:FILE|PATH|DIR|HOME)|(?!SRC$|RC$)\w*RC|\w*_RCFILE|\w*_RC_FILE|ENV|IFS|PROMPT_COMMAND|SHELLOPTS|BASHOPTS|PS4|BASH_FUNC_\w+|GLOBIGNORE|CDPATH|HOME|XDG_\w+|GIT_\w+|KUBE\w*|DOCKER_CONFIG|DOCKER_HOST|CURL_HOME|WGETRC|PSQLRC|PGSERVICEFILE|MYSQL_HOME|REDISCLI_RCFILE|SQLITE_HISTORY|PAGER|\w+_PAGER|MANPAGER|EDITOR|VISUAL|\w+_EDITOR|LESSOPEN|LESSCLOSE|LESSKEY\w*|PYTHON\w*|PERL5\w*|PERLLIB|NODE_OPTIONS|NODE_PATH|RUBYOPT|RUBYLIB|SSH_ASKPASS|SUDO_ASKPASS|BROWSER|GCONV_PATH|MALLOC_\w+|NLSPATH|LOCPATH|HOSTALIASES|TMPDIR)$/;

/** True when assigning `name` could change what a program runs. */
export const hijacksPrograms = (name: string): boolean => HIJACKS.test(name.replace(/\[.*$/s, ''));

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[[^\]]*\])?\+?=/;

/** The variable name of a `NAME=value` word, or null. */
export const assignedName = (word: string): string | null => ASSIGNMENT.exec(word)?.[1] ?? null;
