// A server process for the kill -9 test: `node --conditions=@twotier/source --import tsx kill-child.ts <sqlite file>`.
// Prints `{"url": …}` once listening. Rate limits are off so the load is not refused.
import pino from 'pino';
import { startServer } from '../../src/node';

const file = process.argv[2];
if (!file) throw new Error('usage: kill-child.ts <sqlite file>');
const server = await startServer({
  databaseUrl: file,
  port: 0,
  hostname: '127.0.0.1',
  rateLimiter: false,
  operatorToken: 'op-token-for-kill-test',
  settleEveryMs: 0,
  logger: pino({ level: 'silent' }),
});
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
