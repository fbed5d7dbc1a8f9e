// Payload builders live with the playground's Slack emulator; tests use the same ones.
export * from '../../src/demo/emulator/payloads.ts';
