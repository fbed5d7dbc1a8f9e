// A bare Bolt app that only acks slash commands: the baseline for `ackRatioVsBareBolt`.
// Same HTTPReceiver, same signing secret, same fake Slack as the bot; run as its own process.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

const receiver = new HTTPReceiver({
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
  processBeforeResponse: false,
  logLevel: LogLevel.ERROR,
});
const app = new App({
  token: process.env.SLACK_BOT_TOKEN ?? '',
  receiver,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL ?? '' },
  logLevel: LogLevel.ERROR,
});
app.command(/.*/, async ({ ack }) => {
  await ack();
});
const server = (await app.start({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' })) as Server;
process.stdout.write(`ready ${(server.address() as AddressInfo).port}\n`);
const stop = () => {
  void receiver.stop().finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
