/**
 * The workbench client: headless Debian Chromium driven by playwright-core, opened on a code-server
 * URL. The extension under test is loaded from source through the workbench's `payload` parameter
 * (extensionDevelopmentPath), and optionally a tests module (extensionTestsPath) as under
 * @vscode/test-electron.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM } from './cache';
import type { CodeServer } from './code-server';

export interface Workbench {
  page: Page;
  /** Saves a PNG of the page and returns its path. */
  screenshot(file: string): Promise<string>;
  close(): Promise<void>;
}

export interface WorkbenchOptions {
  folder: string;
  extensionDevelopmentPath: string;
  extensionTestsPath?: string;
  extensionEnvironment?: Record<string, string>;
  /** Test output from the extension host (smoke-test driver's codeAutomationLog). */
  onLog?: (line: string) => void;
  /** Exit code of the tests module (smoke-test driver's codeAutomationExit). */
  onExit?: (code: number) => void;
  viewport?: { width: number; height: number };
}

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function openWorkbench(server: CodeServer, opts: WorkbenchOptions): Promise<Workbench> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'adl-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: opts.viewport ?? { width: 1400, height: 900 },
  });
  const remote = (p: string) => `vscode-remote://${server.authority}${p}`;
  const payload: [string, string][] = [['extensionDevelopmentPath', remote(opts.extensionDevelopmentPath)]];
  if (opts.extensionTestsPath) payload.push(['extensionTestsPath', remote(opts.extensionTestsPath)]);
  if (opts.extensionEnvironment) payload.push(['extensionEnvironment', JSON.stringify(opts.extensionEnvironment)]);

  const page = context.pages()[0] ?? (await context.newPage());
  await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
    opts.onLog?.(format(...(Array.isArray(args) ? args : [args])));
  });
  await page.exposeFunction('codeAutomationExit', (code: number) => opts.onExit?.(code));
  const url = `${server.url}/?folder=${encodeURIComponent(opts.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  try {
    // Playwright's 30 s default was not enough on the shared 2-core machine at load 50 (seen twice).
    await page.goto(url, { timeout: 120_000 });
  } catch (e) {
    // a browser left open keeps the test process alive after the failure
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  return {
    page,
    screenshot: async (file) => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await page.screenshot({ path: file });
      return file;
    },
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
