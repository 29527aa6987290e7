import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Whether the real-browser tests can run. Without Chromium they fail in CI
 * and are skipped, loudly, elsewhere.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`Chromium was not found at ${CHROMIUM}: the browser tests cannot run in CI (apt-get install -y chromium)`);
  console.warn(`\n[widget] !!! Chromium was not found at ${CHROMIUM}: the browser tests were SKIPPED !!!\n`);
  return false;
}

/** Launches Debian's Chromium headless. */
export const launch = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
