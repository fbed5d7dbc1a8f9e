/**
 * Variables that change which program runs, what it loads or where it reads its settings:
 * setting one makes any later "read-only" program untrustworthy.
 */
const HIJACKS =
  /^(PATH|LD_\w+|BASH_ENV|ENV|IFS|PROMPT_COMMAND|SHELLOPTS|BASHOPTS|PS4|BASH_FUNC_\w+|GLOBIGNORE|CDPATH|HOME|XDG_\w+|GIT_\w+|KUBE\w*|DOCKER_CONFIG|DOCKER_HOST|CURL_HOME|WGETRC|PSQLRC|PGSERVICEFILE|MYSQL_HOME|REDISCLI_RCFILE|SQLITE_HISTORY|PAGER|\w+_PAGER|MANPAGER|EDITOR|VISUAL|\w+_EDITOR|LESSOPEN|LESSCLOSE|LESSKEY\w*|PYTHON\w*|PERL5\w*|PERLLIB|NODE_OPTIONS|NODE_PATH|RUBYOPT|RUBYLIB|SSH_ASKPASS|SUDO_ASKPASS|BROWSER|GCONV_PATH|MALLOC_\w+|NLSPATH|LOCPATH|HOSTALIASES|TMPDIR)$/;

/** True when assigning `name` could change what a program runs. */
export const hijacksPrograms = (name: string): boolean => HIJACKS.test(name);

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)\+?=/;

/** The variable name of a `NAME=value` word, or null. */
export const assignedName = (word: string): string | null => ASSIGNMENT.exec(word)?.[1] ?? null;
