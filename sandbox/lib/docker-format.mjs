// Docker's text formats: human durations ("12 minutes"), status words and tab-aligned tables.

export function humanDuration(ms) {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(seconds / 3600);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(hours / 24 / 365)} years`;
}

/** `Up 12 minutes (healthy)`, `Up 3 seconds (health: starting)`, `Exited (1) 2 minutes ago`, `Restarting (1) 5 seconds ago`. */
export function statusText(container, now) {
  if (container.restarting)
    return `Restarting (${container.exitCode}) ${humanDuration(now - container.finishedAt)} ago`;
  if (!container.running)
    return `Exited (${container.exitCode}) ${humanDuration(now - container.finishedAt)} ago`;
  const up = `Up ${humanDuration(now - container.startedAt)}`;
  if (!container.health) return up;
  return container.health === 'starting' ? `${up} (health: starting)` : `${up} (${container.health})`;
}

/** Like Go's tabwriter as docker configures it: min width 10, padding 3, last column unpadded. */
export function table(header, rows) {
  const all = [header, ...rows];
  const widths = header.map((_, col) => Math.max(10, ...all.map((row) => [...row[col]].length + 3)));
  return all
    .map((row) =>
      row
        .map((cell, col) =>
          col === row.length - 1 ? cell : cell + ' '.repeat(widths[col] - [...cell].length),
        )
        .join(''),
    )
    .join('\n');
}
