/**
 * UI tests' fixture: a code-server with the extension loaded from source, and headless Chromium on its
 * workbench. The harness (test/harness/main.ts) passes the cached Node 24 and code-server through
 * ALLUXIO_DL_NODE24 / ALLUXIO_DL_CODE_SERVER. A failing test leaves a screenshot in .test-artifacts/ui.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { CodeServer, startCodeServer } from '../harness/code-server';
import { openWorkbench, Workbench } from '../harness/workbench';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const ARTIFACTS = path.join(REPO, '.test-artifacts', 'ui');

/**
 * Where a UI test saves a screenshot that the README shows: media/ when refreshing them
 * (ALLUXIO_DL_UPDATE_SCREENSHOTS=1 npm run test:ui), else .test-artifacts/ui, so that a test run
 * leaves the repository's files as they were.
 */
export function readmeScreenshot(name: string): string {
  return process.env.ALLUXIO_DL_UPDATE_SCREENSHOTS === '1'
    ? path.join(REPO, 'media', name)
    : path.join(ARTIFACTS, name);
}

export interface Session {
  server: CodeServer;
  wb: Workbench;
  page: Page;
  workspace: string;
  close(): Promise<void>;
}

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run UI tests through \`npm run test:ui\` (test/harness/main.ts)`);
  return v;
}

/** Starts code-server with `env` for the extension host and opens the workbench on a workspace folder. */
export async function openSession(env: Record<string, string> = {}, workspace?: string): Promise<Session> {
  const folder = workspace ?? fs.mkdtempSync(path.join(os.tmpdir(), 'adl-ui-ws-'));
  const server = await startCodeServer({
    node: required('ALLUXIO_DL_NODE24'),
    entry: required('ALLUXIO_DL_CODE_SERVER'),
    workspace: folder,
    env,
  });
  const wb = await openWorkbench(server, { folder, extensionDevelopmentPath: REPO });
  await wb.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return {
    server,
    wb,
    page: wb.page,
    workspace: folder,
    close: async () => {
      await wb.close();
      await server.stop();
      if (!workspace) fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** The last lines of the extension's own log (its output channel), to read why a UI test failed. */
function printExtensionLog(userDataDir: string, lines = 40): void {
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && depth < 6) walk(p, depth + 1);
      else if (e.name === 'Alluxio DL.log') found.push(p);
    }
  };
  try {
    walk(path.join(userDataDir, 'logs'), 0);
  } catch {
    return;
  }
  for (const f of found)
    console.error(`--- ${f} (last ${lines} lines)\n${fs.readFileSync(f, 'utf8').split('\n').slice(-lines).join('\n')}`);
}

/** A UI test: on failure, saves a screenshot named after the test and prints the extension's log before rethrowing. */
export function uiTest(name: string, session: () => Session, body: (s: Session) => Promise<void>): void {
  test(name, async () => {
    const s = session();
    try {
      await body(s);
    } catch (err) {
      const file = path.join(ARTIFACTS, `${name.replace(/[^a-z0-9]+/gi, '-')}.png`);
      await s.wb.screenshot(file).catch(() => undefined);
      console.error(`screenshot of the failure: ${file}`);
      printExtensionLog(s.server.userDataDir);
      throw err;
    }
  });
}

/** Opens the Alluxio DL container from the activity bar. */
export async function openAlluxioView(page: Page): Promise<void> {
  await page.locator('.activitybar [aria-label^="Alluxio DL"]').first().click();
  await page.locator('.part.sidebar .composite.title', { hasText: 'Alluxio DL' }).first().waitFor({ timeout: 30_000 });
}

/** Runs a command from the palette by its full title ("Alluxio DL: Show Log"). */
export async function runFromPalette(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title.split(': ').pop()! }).first();
  // F1 can land while focus moves (an editor just opened) and open nothing, and a development extension's
  // commands reach the palette only once its host has read it: try again until the command is listed.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      await input.fill(`>${title}`);
      await row.waitFor({ timeout: 10_000 });
      break;
    } catch (e) {
      if (attempt >= 6) throw e;
      await page.keyboard.press('Escape');
    }
  }
  await page.keyboard.press('Enter');
}

/** A row of the side bar's tree whose text matches. */
export function treeRow(page: Page, text: string | RegExp) {
  return page.locator('.part.sidebar .monaco-list-row', { hasText: text }).first();
}

/**
 * Expands a tree row until one of its children shows: clicks it whenever it is not expanded (a click
 * that lands while the tree re-renders under a live update can select the row without toggling it,
 * and a refresh can collapse it again).
 */
export async function expandRow(page: Page, text: string | RegExp, child: string | RegExp): Promise<void> {
  const row = treeRow(page, text);
  const shown = treeRow(page, child);
  await row.waitFor();
  for (let attempt = 0; attempt < 6; attempt++) {
    if (await shown.isVisible()) return;
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    if (
      await shown.waitFor({ timeout: 4_000 }).then(
        () => true,
        () => false,
      )
    )
      return;
  }
  throw new Error(`tree row ${text} did not show ${child}`);
}

/** Drags the side bar's edge to make it `width` pixels wide (for readable screenshots). */
export async function widenSideBar(page: Page, width: number): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) throw new Error('no side bar to widen');
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width + 1, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 5 });
  await page.mouse.up();
  await page.mouse.move(box.x + width + 300, y); // off the sash, so it is not drawn highlighted
}
