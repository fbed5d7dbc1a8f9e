// Copies what tsc does not emit next to the compiled files: the playground page and the
// simulated host's plain-JS helpers and stand-in programs.
import { cpSync } from 'node:fs';

for (const [from, to] of [
  ['src/demo/web', 'dist/src/demo/web'],
  ['sandbox/lib', 'dist/sandbox/lib'],
  ['sandbox/bin', 'dist/sandbox/bin'],
]) {
  cpSync(from, to, { recursive: true });
}
