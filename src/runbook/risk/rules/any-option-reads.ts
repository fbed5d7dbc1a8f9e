import type { RiskRule } from '../rule-types.ts';
import { words } from '../words.ts';
import { anyOptionRead } from './rule-helpers.ts';

/**
 * Programs with no option that writes, sends or runs anything (checked against their manuals):
 * they are read whatever their options, even ones computed at run time.
 */
const ANY_OPTION_READS = words(`
  ls df du free uptime whoami id uname ps pgrep pidof netstat lsof nproc vmstat iostat mpstat
  pg_isready nslookup dig host ping ping6 traceroute tracepath mtr lsblk findmnt w who last lastlog
  getent realpath readlink basename dirname md5sum sha1sum sha256sum sha512sum cksum seq sleep which
  stat groups tty locale arch pwd true false : test [ whereis cal
`);

export const ANY_OPTION_RULES: Record<string, RiskRule> = Object.fromEntries(
  ANY_OPTION_READS.map((name) => [name, anyOptionRead]),
);
