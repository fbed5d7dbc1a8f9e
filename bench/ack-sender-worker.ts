// Worker side of bench/ack-sender.ts: sends one round of signed slash commands at once and posts
// back their ack times. Runs in its own thread so the bench's main loop (the fake Slack serving
// the bot's Web API calls and response_url posts) never sits between a reply and its stopwatch.
import { parentPort } from 'node:worker_threads';
import type { AckRoundRequest, AckRoundResult } from './ack-sender.ts';
import { sendRound } from './load.ts';

if (!parentPort) throw new Error('bench/ack-sender-worker.ts runs only as a worker thread');
const port = parentPort;

port.on('message', async (request: AckRoundRequest) => {
  let answer: AckRoundResult;
  try {
    const times = await sendRound(request.commands.length, (index) => {
      const command = request.commands[index];
      if (!command) throw new Error(`ack round ${request.id}: no command ${index}`);
      return command;
    });
    answer = { id: request.id, times };
  } catch (error) {
    answer = {
      id: request.id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
  port.postMessage(answer);
});
