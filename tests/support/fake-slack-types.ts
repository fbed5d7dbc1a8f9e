// The shapes live with the Slack emulator (src/demo/emulator/types.ts); kept here for existing imports.
export type * from '../../src/demo/emulator/types.ts';
