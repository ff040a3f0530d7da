// Test support for the tests that drive the pages in Chromium: where Chromium is (the tests skip,
// reported as skipped, without it), the test server on a loopback port, the browser with the
// flags this machine needs, and signing in through the login page.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { TestServer } from './harness.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);

/** The test server's app on 127.0.0.1 at a free port: its base URL, and how to stop listening. */
export async function serveOnLoopback(s: TestServer): Promise<{ base: string; close(): Promise<void> }> {
  const server = serve({ fetch: s.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Headless Chromium with the flags that work without a sandbox, a GPU or the network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Signs in on the login page the browser was sent to, as a sample user (password `motcua`). */
export async function signIn(page: Page, username: string): Promise<void> {
  await expect.poll(() => new URL(page.url()).pathname).toBe('/login');
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', 'motcua');
  await Promise.all([page.waitForURL((u) => u.pathname !== '/login'), page.click('form[action="/login"] button[type=submit]')]);
}
