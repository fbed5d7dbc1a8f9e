// A bare node:http handler for `POST /alerts/alertmanager`: reads the body, parses the JSON and
// answers 200. The baseline for the bot's alert endpoint (`alertsP99RatioVsBare`); its own process.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const text = Buffer.concat(chunks).toString('utf8');
    const alerts = text ? ((JSON.parse(text) as { alerts?: unknown[] }).alerts ?? []) : [];
    const body = `${JSON.stringify({ received: alerts.length })}\n`;
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`ready ${(server.address() as AddressInfo).port}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
