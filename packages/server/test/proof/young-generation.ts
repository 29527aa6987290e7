// `node --conditions=@twotier/source --import tsx young-generation.ts <out.json>`: starts
// young-generation-thread.mjs as `twotier serve` starts its server thread (serveInThread).
import { serveInThread } from '../../src/serve-thread';

const out = process.argv[2];
if (!out) throw new Error('usage: young-generation.ts <out.json>');
process.exit(await serveInThread([out], new URL('./young-generation-thread.mjs', import.meta.url)));
