// Preloaded into the bot by `bench/run-alert-storm.ts --loop-delay` (node --import): samples the
// event loop's delay (perf_hooks) and, at exit, writes its percentiles and the GC pauses to
// $LOOP_DELAY_OUT. Bench-only; the bot never loads it on its own.
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

const out = process.env.LOOP_DELAY_OUT;
if (out) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const gc = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      gc.push({ at: entry.startTime, ms: entry.duration, kind: entry.detail?.kind });
  });
  observer.observe({ entryTypes: ['gc'] });
  // Reset after start-up, when the ready probe first answers: only the storm is measured.
  let stormStart = 0;
  process.on('SIGUSR2', () => {
    stormStart = performance.now();
    histogram.reset();
    gc.length = 0;
  });
  process.once('exit', () => {
    histogram.disable();
    const ms = (ns) => Math.round((ns / 1e6) * 100) / 100;
    const pauses = gc.map((entry) => entry.ms).sort((a, b) => a - b);
    writeFileSync(
      out,
      JSON.stringify({
        loopDelayMs: {
          p50: ms(histogram.percentile(50)),
          p99: ms(histogram.percentile(99)),
          p999: ms(histogram.percentile(99.9)),
          max: ms(histogram.max),
          samples: histogram.count,
        },
        gc: {
          count: pauses.length,
          totalMs: Math.round(pauses.reduce((sum, value) => sum + value, 0) * 100) / 100,
          maxMs: Math.round((pauses.at(-1) ?? 0) * 100) / 100,
          over2ms: pauses.filter((value) => value > 2).length,
          // The longest pauses: seconds since the storm began, ms, kind (1 scavenge, 4 mark-compact, 8 incremental, 16 weak callbacks).
          longest: [...gc]
            .sort((a, b) => b.ms - a.ms)
            .slice(0, 5)
            .map((entry) => [
              Math.round((entry.at - stormStart) / 100) / 10,
              Math.round(entry.ms * 10) / 10,
              entry.kind,
            ]),
        },
      }),
    );
  });
}
