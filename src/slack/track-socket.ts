import type { SlackConnection } from './slack-connection.ts';

/** The part of @slack/socket-mode's SocketModeClient (an EventEmitter) readiness listens to. */
export interface SocketEvents {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}

/**
 * Readiness follows the Socket Mode socket. The SocketModeClient's lifecycle events (see
 * @slack/socket-mode SocketModeClient.js `State`): `connecting`, `authenticated` (WSS URL
 * received), `connected` (Slack's hello), `reconnecting`, `disconnecting`, `disconnected`; and
 * `close` when the underlying WebSocket closed (it then reconnects after a delay).
 */
export function trackSocket(socket: SocketEvents, connection: SlackConnection): void {
  const down = (reason: string) => () => connection.transportDown(reason);
  socket.on('connecting', down('Socket Mode: connecting to Slack'));
  socket.on('authenticated', down('Socket Mode: waiting for Slack to accept the connection'));
  socket.on('connected', () => connection.transportUp());
  socket.on('close', () => {
    // As the client itself does: a close of an old socket while a new one is open changes nothing.
    const current = (socket as { websocket?: { isActive?: () => boolean } }).websocket;
    if (current?.isActive?.()) return;
    connection.transportDown('Socket Mode: the connection to Slack closed; reconnecting');
  });
  socket.on('reconnecting', down('Socket Mode: reconnecting to Slack'));
  socket.on('disconnecting', down('Socket Mode: disconnecting from Slack'));
  socket.on('disconnected', down('Socket Mode: disconnected from Slack'));
}
