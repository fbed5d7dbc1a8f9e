/** A parameter's name as people type it: lower-case words joined by `-` (`pod-name`). */
export const PARAM_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/**
 * `pod-name`, `POD_NAME`, `podName`, `YOUR_POD_NAME`, `YOUR-POD-NAME` -> `pod-name`. A leading
 * `your` is the runbook talking to its reader, not part of the name. Null when nothing is left.
 */
export function normaliseParamName(raw: string): string | null {
  const words = raw
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
  if (words[0] === 'your' && words.length > 1) words.shift();
  const name = words.join('-');
  return PARAM_NAME.test(name) ? name : null;
}

/** `pod-name` -> `RB_POD_NAME`: the only way a value reaches a command. */
export function paramEnvName(name: string): string {
  return `RB_${name.toUpperCase().replace(/-/g, '_')}`;
}
