import type { Binding } from './binding/binding-schema.ts';
import type { Runbook } from './model.ts';

/** A runbook as the rest of the bot uses it: binding applied (when there is one). */
export interface LoadedRunbook {
  runbook: Runbook;
  binding: Binding | null;
  /** Absolute path of the `.yml` binding, or null when the runbook has none (or it was not used). */
  bindingFile: string | null;
}
