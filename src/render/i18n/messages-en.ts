/**
 * English messages: the source of the message keys. Placeholders are `{name}`; the pt-BR
 * dictionary must have the same keys (checked by the `Messages` type) and the same placeholders
 * (checked by a test). Keys ending in `.one` / `.other` are plural forms (see `tPlural`).
 */
export const en = {
  // Incident statuses
  'status.investigating': 'investigating',
  'status.awaiting_approval': 'awaiting approval',
  'status.mitigating': 'mitigating',
  'status.monitoring': 'monitoring',
  'status.resolved': 'resolved',
  'status.resolvedIn': 'resolved in {duration}',

  // Relative time
  'time.justNow': 'just now',
  'time.ago': '{duration} ago',
  'time.in': 'in {duration}',

  // Buttons
  'button.diagnose': '🩺 Diagnose',
  'button.request_restart': '🔁 Request restart',
  'button.many_users': '👥 Many users affected',
  'button.fill_report': '📝 Fill in report',
  'button.resolve': '✅ Resolve',
  'button.run_section': 'Run suggested check',
  'button.approve': '✅ Approve',
  'button.deny': '✖ Deny',
  'button.request_again': '🔁 Request again',
  'button.rollback': '⏪ Run automatic rollback',

  // Incident card
  'card.header': '🚨 {runbook} · incident #{id} · {status}',
  'card.fallback': 'Incident #{id} ({runbook}): {status}',
  'card.opened': 'Opened by {user} at {time} ({relative})',
  'card.resolved': 'Resolved by {user} at {time}, after {duration}',
  'card.runbookFile': 'runbook {file}',
  'card.symptoms': '*Symptoms:*',
  'card.noSymptoms': '*Symptoms:* none recorded yet — run `{command} {subcommand}`',
  'card.nextEscalation': '*Next escalation:* {roles} at {time} ({relative})',
  'card.manyUsers': '👥 Many users affected: leads notified',
  'card.record': '📝 Record {filled}/{total}: {fields}',

  // Verdicts
  'verdict.expectedGot': 'expected {expected}, got {got}',
  'verdict.expected': 'expected {expected}',
  'verdict.noMatches': 'no matching lines',
  'verdict.commandNotFound': 'command not found: {program}',
  'verdict.timedOut': 'timed out after {duration}',
  'verdict.exitCode': 'exit code {code}',
  'verdict.ok': 'ok',
  'verdict.skipped': 'skipped: {reason}',
  'verdict.matched': 'got {got}',
  'verdict.noOutput': 'no output',
  'verdict.exitCodeLine': 'exit code {code}: {line}',
  'verdict.badCwd': 'working directory not found: {cwd}',
  'verdict.spawnError': 'could not start: {message}',
  'verdict.interrupted': 'interrupted, outcome unknown (what it changed may be partly done): {message}',
  'verdict.needsApproval': 'skipped: needs approval',
  'verdict.missingParams': 'skipped: needs a value for {names}',
  'verdict.needsOperator': 'not run: it may print secrets, and only operators and approvers may run it',
  'verdict.afterFailure': 'skipped: the earlier change step {step} failed',
  'verdict.healthyAfter': 'healthy after {duration}',
  'verdict.notHealthyAfter': 'not healthy after {duration}',
  'verdict.stillFailing': 'still failing: {checks}',
  'verdict.waited': 'waited {duration} (no health checks)',
  'verdict.logSummary': '{lines}, {errors}',

  // Section run (diagnosis)
  'run.header': '🩺 {section} — {checks} in {duration} · requested by {user}',
  'run.fallback': '{section}: {passed} of {total} checks passed',
  'run.checks.one': '{count} check',
  'run.checks.other': '{count} checks',
  'run.lines.one': '{count} line',
  'run.lines.other': '{count} lines',
  'run.errorLines.one': '{count} with an error',
  'run.errorLines.other': '{count} with errors',
  'run.suggestion': '💡 Next step: {title} — `{command} run {id}`',
  'run.fullOutput': '📎 full output in the attached file',
  'run.passesCollapsed': '✅ {count} more checks passed: {titles}',
  'run.moreSteps': '… and {count} more results in the attached file',
  'run.allPassed': '✅ All checks passed.',
  'run.dropped': '{size} cut from the middle',

  // Terminal
  'term.header': '{section} — {checks} in {duration}',
  'term.summary': '{passed}/{total} passed in {duration}',
  'term.suggestions': 'Suggested next steps:',
  'term.outputCut': '… output cut ({size} dropped)',
  'term.moreLines': '… {count} earlier lines',

  // Help
  'help.title': '{command} — what you can run',
  'help.fallback': 'Help for {command}',
  'help.subcommands': '*Subcommands*',
  'help.sections': '*Any section* — `{command} run <section-id>`',
  'help.risk.read': '🔎 read-only',
  'help.risk.change': '🔐 needs approval',
  'help.risk.sensitive': '🔒 sensitive, output redacted',
  'help.other':
    '`{command} status` — incident status · `{command} resolve` — close the incident · `{command} help` — this help',
  'help.canApprove': '✅ You may approve changes requested by others.',
  'help.approvers': 'Changes need approval from {approvers}.',
  'help.noApprovers': '⚠️ No approvers configured, so changes cannot run. Add `approvers:` to the binding.',

  // Errors
  'error.unknown_subcommand': 'Unknown subcommand `{given}`.',
  'error.didYouMean': 'Did you mean `{command} {suggestion}`?',
  'error.seeHelp': 'See `{command} help` for what you can run.',
  'error.not_in_channel': 'I am not in this channel yet. Invite me with `/invite @{bot}` and try again.',
  'error.channel_not_allowed': '`{command}` is not enabled in this channel. Use it in {channels}.',
  'error.already_running':
    '{section} is already running (requested by {user}). The result will appear in the incident thread.',
  'error.internal': 'Internal error, ref `{ref}`. The details are in the bot log.',
  'error.not_approver': 'You cannot approve this change. Who can: {approvers}.',
  'error.not_operator':
    'Only the operators of this runbook may run its sections: {operators}. Nothing was run.',
  'error.self_approval': 'You requested this change, so someone else must approve it.',
  'error.approval_expired':
    'This approval expired at {time}. Request it again with `{command} {subcommand}`.',
  'error.approval_not_found': 'This approval does not exist.',
  'error.approval_decided': 'This approval was already decided: {state}.',
  'error.locked': 'A change is already running on {service}. Wait for it to finish.',
  'error.circuit_open':
    'Too many changes on {service}: {count} in the last hour (limit {limit}). Escalate instead.',
  'error.incident_resolved': 'Incident #{id} is already resolved; nothing was changed.',
  'error.no_incident': 'There is no open incident in this channel. Start with `{start}`.',
  'error.user': '{message}',
  'error.hint': '💡 {hint}',

  // Approval card
  'approval.requested': '🔁 {title} requested by {user} — awaiting approval (expires at {time})',
  'approval.header': '🔁 {title} requested by {user}',
  'approval.fallback': '{title} requested by {user}: {state}',
  'approval.wait': 'wait for the health check (up to {duration})',
  'approval.checksNow': '*Checks now:* {checks}',
  'approval.approvers': '*Can approve:* {approvers} (not the requester)',
  'approval.approversSelf': '*Can approve:* {approvers}',
  'approval.noApprovers': '⚠️ No approvers configured: nobody can approve this change.',
  'approval.running': '✅ Approved by {user} at {time} · running…',
  'approval.succeeded': '✅ Approved by {user} at {time} · {outcome}',
  'approval.failed': '❌ Approved by {user} at {time} · failed: {reason}',
  'approval.denied': '✖ Denied by {user} at {time}',
  'approval.expired': '⌛ Expired at {time} without approval — nothing ran.',
  'approval.reason': 'Reason: {reason}',
  'approval.breakGlass': '🚨 BREAK-GLASS by {user}: {reason}',
  'approval.outcome.ran': '{action} in {duration}',
  'approval.outcome.action': 'ran',
  'approval.outcome.healthy': 'healthy after {duration}',
  'approval.outcome.notHealthy': 'not healthy after {duration}',
  'approval.outcome.verify': 'post-resolution check: {passed}/{total} {icon}',
  'approval.state.pending': 'awaiting approval',
  'approval.state.approved': 'approved',
  'approval.state.running': 'running',
  'approval.state.succeeded': 'succeeded',
  'approval.state.failed': 'failed',
  'approval.state.denied': 'denied',
  'approval.state.expired': 'expired',
  'approval.fingerprint': 'fingerprint {id}',
  'approval.values': 'Values: {values}',
  'approval.state.stale': 'the runbook changed, nothing ran',
  'approval.runbookChanged':
    '⚠️ The runbook changed since the request ({time}): nothing ran. Approve only what you saw — request it again to see the section as it is now.',
  'approval.noFingerprint':
    '⚠️ This request is from before approvals were bound to what the approver saw: nothing ran. Request it again.',

  // Escalation
  'escalation.timed.one': '⏰ {delay} without resolution — {mentions}, please take over.',
  'escalation.timed.other': '⏰ {delay} without resolution — {mentions}, please take over.',
  'escalation.condition.one': '👥 {condition} — {mentions}, please take over.',
  'escalation.condition.other': '👥 {condition} — {mentions}, please take over.',
  'escalation.fallback': 'Escalation: {roles}',
  'escalation.checklist': '*Checklist:* {items}',
  'escalation.unmapped': '⚠️ Role "{role}" has no Slack mapping: add `{snippet}` to {file}',
  'escalation.late': '(due at {time}; the bot was down)',

  // Report (Markdown and Slack)
  'report.title': 'Incident #{id} — {runbook}',
  'report.notFilled': '_(not filled in)_',
  'report.ongoing': '_(ongoing)_',
  'report.durationSoFar': '{duration} so far',
  'report.none': '_(none recorded)_',
  'report.generated': '_Generated by runbook-bot at {time}_',
  'report.slackResolved': '✅ Incident #{id} resolved · {runbook}',
  'report.slackOpen': '📝 Incident #{id} · {runbook}',
  'report.file': '📎 Markdown report in the attached file',
  'report.actorCli': '{user} (CLI)',
  'report.actorBot': 'runbook-bot',

  // Report modal
  'modal.title': 'Report #{id}',
  'modal.submit': 'Save',
  'modal.close': 'Cancel',
  'modal.intro':
    '*Incident #{id}* — fill in what the bot cannot know. Suggestions come from the evidence; edit freely.',
  'modal.placeholder': 'Write here…',
  'modal.suggested': 'Suggested from the evidence; edit as needed.',

  // Limits
  'limits.moreBlocks': '… {count} more blocks not shown',

  // Acknowledgements (ephemeral, right after the slash command)
  'ack.running': '⏳ Running {section}… the result will appear in the incident thread.',
  'ack.noIncident': 'No open incident for {command} in this channel. Start one with `{start}`.',
  // Notices that were written inline before (one file per language keeps every bot sentence here)
  'notice.recoveredText': 'The service recovered since the request.',
  'notice.recoveredBody': '✅ The checks pass now: the service recovered since the request. Approve anyway?',
  'button.approve_anyway': 'Approve anyway',
  'procedure.group':
    'Step group {group} of {groups} of {section}: the reads before it ran; approve this group to go on.',
  'procedure.stopped': '⛔ {section} stopped ({reason}). These steps did not run: {steps}',
  'procedure.done': '✅ {section}: every step group ran, in order.',
  'notice.interrupted':
    '⚠️ The change requested by {user} was interrupted (bot restarted) while it ran. It will not run again: check the service and request it again if needed.',
  'delivery.card':
    '⚠️ The incident card could not be updated (Slack: {code}); this ping is posted in the channel instead.',
  'delivery.channel':
    "⚠️ The incident card could not be updated and the channel {channel} does not accept the bot's messages (Slack: {code}); this ping comes to you directly.",

  // Timeline lines written by the incident use cases, and report suggestions
  'timeline.escalationTimed': 'escalation: {roles} ({delay} without resolution)',
  'timeline.escalationManual': 'escalation: {roles} ({condition})',
  'timeline.impact': 'impact: multiple users affected — {roles} paged',
  'timeline.impactNoRule': 'impact: multiple users affected',
  'timeline.resolved': 'incident resolved in {duration}',
  'suggest.unreachable': '{service} unreachable ({evidence})',
  'suggest.toConfirm': 'To be confirmed — symptoms: {symptoms}',
  'suggest.manyUsers': 'Multiple users affected',
  'suggest.prevention': 'Alert and automatic check for "{problem}" (runbook checks: {checks})',
  'suggest.preventionNoChecks': 'Alert and automatic check for "{problem}"',
  'suggest.service': 'Service',
  'report.required': 'Required.',
  'report.tooLong': 'At most {max} characters.',

  // The report's action lines (from the timeline's data, in the reader's language)
  'action.opened': 'incident opened',
  'action.openedTerminal': 'incident opened from the terminal',
  'action.sectionRun': '{section}: {passed}/{total} ok',
  'action.requested': '{section} requested, awaiting approval',
  'action.requestedTerminal': '{section} requested in the terminal',
  'action.breakGlass': 'BREAK-GLASS: {section} run without a second approver — {reason}',
  'action.approved': 'approved',
  'action.approvedTerminal': 'approved (confirmed in the terminal)',
  'action.approvedRecovered': 'approved (confirmed although the checks passed)',
  'action.denied': 'denied',
  'action.deniedReason': 'denied: {reason}',
  'action.expired': 'approval expired without a decision: nothing ran',
  'action.superseded': '{section}: the runbook changed since the request, nothing ran',
  'action.refused': 'click refused ({code})',
  'action.changeSucceeded': '{section}: succeeded, healthy again',
  'action.changeFailed': '{section}: failed',
  'action.changeNotStarted': '{section}: change not started ({reason})',
  'action.interrupted':
    '{section}: interrupted (the bot restarted), not run again; check the service before requesting it again',
  'action.checksPassNow': 'the checks pass now: asked to confirm the change once more',
} as const;
