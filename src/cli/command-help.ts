/**
 * `runbook-bot <command> --help`: what each command takes, printed before the command is loaded
 * (so `serve --help` or `demo --help` never starts anything). Kept beside the command table.
 */
export const COMMAND_HELP: Readonly<Record<string, string>> = {
  inspect: `usage: runbook-bot inspect FILE.md [--json] [--no-binding]

Shows the runbook as the bot understands it: sections, steps with their ids and risks,
expectations, escalation rules and the incident template.

  --json          the same model as JSON
  --no-binding    ignore the binding (FILE.yml) next to the runbook
`,
  run: `usage: runbook-bot run RUNBOOK SUBCOMMAND|SECTION [--target NAME]… [--param NAME=VALUE]… [--json] [--workdir DIR] [--yes]

Runs one section of a runbook on this host, or on the binding's targets (SSH hosts: all default
targets at once, a host × check matrix): reads at once, with timeouts; a change runs on exactly
one target and asks you to type the runbook id (or --yes). Exit 0 when every check passed, 1 when something failed, 2 for a
usage error.

  RUNBOOK          the runbook id (its file name without .md), e.g. api-down
  SUBCOMMAND       a word the binding maps (e.g. diagnose), or any section id (see inspect)
  --target NAME    run on this binding target (repeatable; a change takes exactly one)
  --json           print the result as JSON, for scripts (several targets: { runbook, section, runs })
  --workdir DIR    run the steps in DIR instead of the runbook's cd / the binding's workdir
  --param N=V      a value for a step's parameter (repeatable; see inspect); asked on a terminal
  --yes, -y        run a change without the typed confirmation
  --runbooks DIR   where the runbooks are (default: runbooks/, or RUNBOOKS_DIR)
  --no-color       plain output
`,
  drift: `usage: runbook-bot drift RUNBOOK [--target NAME]… [--json | --markdown] [--links] [--no-sensitive] [--workdir DIR]

Runs every read-only step of the runbook (never a change, never a wait) against a host that
should be healthy, and lists what no longer matches: failed expectations, missing programs,
commands not found, sections the bot uses with nothing to run, escalation roles with no Slack
mapping, and (with --links) links that do not answer. Exit 0 nothing drifted, 1 something did,
2 for a usage error.

  --target NAME    where to check: a target of the binding, or local (default; repeatable)
  --json           the findings as JSON, for scripts
  --markdown       a Markdown report (for a ticket or a wiki page)
  --links          also check the runbook's links (HTTP HEAD/GET, relative files)
  --no-sensitive   leave out steps that may print secrets (their output is redacted anyway)
  --workdir DIR    run the steps in DIR instead of the runbook's cd / the binding's workdir
  --runbooks DIR   where the runbooks are (default: runbooks/, or RUNBOOKS_DIR)
  --no-color       plain output
`,
  doctor: `usage: runbook-bot doctor [--no-color] [--color]

Checks that this machine is ready to run the bot: tokens, runbooks and bindings, the programs the
steps call, DATA_DIR. One line per check with a fix; exit 1 when something would break an incident.
`,
  serve: `usage: runbook-bot serve

Starts the Slack bot (the same as npm start), configured by the environment and .env
(see .env.example): Socket Mode by default, HTTP mode with SLACK_SIGNING_SECRET.
`,
  manifest: `usage: runbook-bot manifest [DIR] [--http https://bot.example.com]

Prints the Slack app manifest for the bindings in DIR (default: runbooks/): Socket Mode, or HTTP
mode with --http and the bot's public https base URL.
`,
  incidents: `usage: runbook-bot incidents list [--all] [--json] [--limit N]
       runbook-bot incidents show <id> [--json]
       runbook-bot incidents export <id> [--out FILE]

Incident records kept by the bot: list the open ones (--all for every one), show one with its
timeline, export its report as Markdown.
`,
  lint: `usage: runbook-bot lint [DIR]   (default: runbooks/)

Checks every runbook and binding in DIR and prints every problem with file:line and what to write
instead. Exit 1 when there is an error.
`,
  demo: `usage: runbook-bot demo [--port 3100] [--scenario redis-down] [--real-host]

The local playground: a simulated host, the real bot and a Slack emulator, at
http://127.0.0.1:3100. RUNBOOKS_DIR=path tries your own runbooks.

  --port N           the page's port (default 3100)
  --scenario NAME    the simulated host's starting scenario (healthy, redis-down, …)
  --real-host        run your own runbooks' steps on this machine, with its own tools
`,
};

/** `--help` / `-h` anywhere before a `--` (after it, words belong to the command). */
export function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  const own = end === -1 ? args : args.slice(0, end);
  return own.some((arg) => arg === '--help' || arg === '-h');
}
