#!/usr/bin/env node
// The twotier command. The published package runs the built CLI; in the source
// tree it runs src/cli.ts through tsx with the @twotier/source condition.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingServeFlags } from './node-flags.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'cli-main.js');
// In the source tree (src/ present: a checkout, not the published package) run the source, so a stale build never answers.
const useBuild = existsSync(built) && !existsSync(join(root, 'src', 'cli.ts'));
const args = process.argv.slice(2);
// `serve` runs with its Node flags (node-flags.mjs): a process without them starts a child that has them
const flags = args[0] === 'serve' ? missingServeFlags() : [];

if (useBuild && flags.length === 0) {
  await import(built);
} else if (!useBuild && process.env.TWOTIER_CLI_CHILD === '1') {
  const { main } = await import(join(root, 'src', 'cli.ts'));
  const code = await main(args).catch((error) => {
    process.stderr.write(`${error?.message ?? error}\n`);
    return 1;
  });
  if (code >= 0) process.exit(code);
} else {
  const source = useBuild ? [] : ['--conditions=@twotier/source', '--import', import.meta.resolve('tsx')];
  const child = spawn(process.execPath, [...flags, ...source, fileURLToPath(import.meta.url), ...args], {
    stdio: 'inherit',
    cwd: process.cwd(),
    env: useBuild ? process.env : { ...process.env, TWOTIER_CLI_CHILD: '1' },
  });
  for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
