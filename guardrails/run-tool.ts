import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const repo = fileURLToPath(new URL('..', import.meta.url));

/** What a tool printed and how it ended. */
export interface ToolRun {
  code: number;
  output: string;
  ms: number;
}

/**
 * Runs a tool of the root's node_modules/.bin from the repository's root and never throws:
 * the caller asserts on `code`, with `output` as the failure message.
 *
 * @example
 * const run = await runTool('tsc', ['-p', 'tsconfig.json', '--noEmit']);
 * expect(run.code, run.output).toBe(0);
 */
export function runTool(tool: string, args: string[], timeoutMs = 280_000): Promise<ToolRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(join(repo, 'node_modules/.bin', tool), args, { cwd: repo, timeout: timeoutMs, maxBuffer: 1 << 26 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}`, ms: Date.now() - started });
    });
  });
}
