import parsePrometheusTextFormat, { type ParsedFamily } from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/observability/metrics.ts';

function family(families: ParsedFamily[], name: string): ParsedFamily {
  const found = families.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`metric ${name} not in output: ${families.map((f) => f.name).join(', ')}`);
  return found;
}

function sampleValue(families: ParsedFamily[], name: string, labels: Record<string, string>): number {
  const sample = family(families, name).metrics.find((metric) =>
    Object.entries(labels).every(([key, value]) => metric.labels?.[key] === value),
  );
  return Number(sample?.value ?? Number.NaN);
}

/**
 * parse-prometheus-text-format folds every series of a histogram into one (it only understands
 * label-less histograms). So pick one series' lines, drop its labels, and let the real parser read
 * that: buckets, sum and count of exactly that series.
 */
function histogramSeries(body: string, name: string, labels: Record<string, string>): ParsedFamily {
  const pairs = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const lines = body.split('\n').filter((line) => {
    if (line === `# TYPE ${name} histogram` || line.startsWith(`# HELP ${name} `)) return true;
    return line.startsWith(`${name}_`) && pairs.every((pair) => line.includes(pair));
  });
  const stripped = lines.map((line) =>
    pairs
      .reduce((text, pair) => text.replace(`${pair},`, '').replace(`,${pair}`, '').replace(pair, ''), line)
      .replace('{}', ''),
  );
  return family(parsePrometheusTextFormat(`${stripped.join('\n')}\n`), name);
}

async function scrape(metrics: ReturnType<typeof createMetrics>): Promise<ParsedFamily[]> {
  const { body } = await metrics.render();
  return parsePrometheusTextFormat(body);
}

describe('createMetrics', () => {
  it('renders Prometheus text that a real parser reads, with the counters moving after a diagnose', async () => {
    const metrics = createMetrics();
    // What one `/apidown diagnose` against a Redis outage records.
    metrics.commandReceived('api-down', 'diagnose');
    metrics.stepFinished('api-down', 'fail', 1000);
    metrics.stepFinished('api-down', 'fail', 1020);
    metrics.stepFinished('api-down', 'info', 40);
    metrics.setOpenIncidents(1);

    const families = await scrape(metrics);
    expect(family(families, 'runbook_bot_commands_total').type).toBe('COUNTER');
    expect(
      sampleValue(families, 'runbook_bot_commands_total', { runbook: 'api-down', subcommand: 'diagnose' }),
    ).toBe(1);
    expect(
      sampleValue(families, 'runbook_bot_step_verdicts_total', { runbook: 'api-down', status: 'fail' }),
    ).toBe(2);
    expect(
      sampleValue(families, 'runbook_bot_step_verdicts_total', { runbook: 'api-down', status: 'info' }),
    ).toBe(1);
    expect(sampleValue(families, 'runbook_bot_open_incidents', {})).toBe(1);

    expect(family(families, 'runbook_bot_step_duration_seconds').type).toBe('HISTOGRAM');
    const { body } = await metrics.render();
    const name = 'runbook_bot_step_duration_seconds';
    const failed = histogramSeries(body, name, { runbook: 'api-down', status: 'fail' }).metrics[0];
    expect(failed?.count).toBe('2');
    expect(Number(failed?.sum)).toBeCloseTo(2.02, 5);
    expect(failed?.buckets?.['0.5']).toBe('0');
    expect(failed?.buckets?.['1']).toBe('1');
    expect(failed?.buckets?.['2.5']).toBe('2');
    expect(failed?.buckets?.['+Inf']).toBe('2');
    const info = histogramSeries(body, name, { runbook: 'api-down', status: 'info' }).metrics[0];
    expect(info?.buckets?.['0.05']).toBe('1');

    metrics.commandReceived('api-down', 'diagnose');
    const again = await scrape(metrics);
    expect(
      sampleValue(again, 'runbook_bot_commands_total', { runbook: 'api-down', subcommand: 'diagnose' }),
    ).toBe(2);
  });

  it('counts approvals, escalations, Slack API errors and retries by their labels', async () => {
    const metrics = createMetrics({ processMetrics: false });
    metrics.approvalDecided('api-down', 'approved');
    metrics.approvalDecided('api-down', 'expired');
    metrics.approvalDecided('api-down', 'approved');
    metrics.escalationFired('api-down', 'timer');
    metrics.slackApiError('chat.postMessage', 'not_in_channel');
    metrics.slackApiRetry('chat.update');
    metrics.slackApiRetry('chat.update');

    const families = await scrape(metrics);
    expect(sampleValue(families, 'runbook_bot_approvals_total', { outcome: 'approved' })).toBe(2);
    expect(sampleValue(families, 'runbook_bot_approvals_total', { outcome: 'expired' })).toBe(1);
    expect(
      sampleValue(families, 'runbook_bot_escalations_total', { runbook: 'api-down', trigger: 'timer' }),
    ).toBe(1);
    expect(
      sampleValue(families, 'runbook_bot_slack_api_errors_total', {
        method: 'chat.postMessage',
        error: 'not_in_channel',
      }),
    ).toBe(1);
    expect(sampleValue(families, 'runbook_bot_slack_api_retries_total', { method: 'chat.update' })).toBe(2);
    expect(families.some((f) => f.name.startsWith('runbook_bot_process_'))).toBe(false);
  });

  it('includes process metrics with the runbook_bot_ prefix and keeps two instances apart', async () => {
    const first = createMetrics();
    const second = createMetrics();
    first.commandReceived('api-down', 'restart');

    const firstFamilies = await scrape(first);
    const secondFamilies = await scrape(second);
    expect(family(firstFamilies, 'runbook_bot_process_resident_memory_bytes').type).toBe('GAUGE');
    expect(firstFamilies.some((f) => f.name === 'runbook_bot_nodejs_eventloop_lag_seconds')).toBe(true);
    expect(sampleValue(firstFamilies, 'runbook_bot_commands_total', { subcommand: 'restart' })).toBe(1);
    expect(family(secondFamilies, 'runbook_bot_commands_total').metrics).toEqual([]);
    expect((await first.render()).contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });
});
