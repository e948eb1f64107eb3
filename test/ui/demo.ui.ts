// The demo's configuration shows what a user sees: code-server without the smoke-test driver (which hides
// every notification toast), the extension installed, the demo's settings. A command that shows an
// information message must put a toast on the screen, not only in the bell.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startCodeServer, type CodeServer } from '../harness/code-server';
import { demoSettings } from '../harness/demo';
import { openWorkbench, type Workbench } from '../harness/workbench';
import { sandboxInfo } from '../integration/sandbox';
import { ARTIFACTS, REPO, runFromPalette } from './fixture';

describe('demo configuration', () => {
  let server: CodeServer;
  let wb: Workbench;
  let workspace: string;
  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'adl-ui-demo-'));
    fs.writeFileSync(path.join(workspace, 'plain.yaml'), 'greeting: hello\n');
    const info = sandboxInfo();
    const settings = demoSettings(workspace, { helm: info.helm, kubectl: info.kubectl });
    server = await startCodeServer({
      node: process.env.ALLUXIO_DL_NODE24!,
      entry: process.env.ALLUXIO_DL_CODE_SERVER!,
      workspace,
      env: { KUBECONFIG: info.kubeconfig },
      settings: settings.user,
      smokeTestDriver: false,
      installed: [REPO],
    });
    wb = await openWorkbench(server, { folder: workspace, extensionDevelopmentPath: REPO });
    await wb.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  });
  after(async () => {
    await wb?.close();
    await server?.stop();
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  });

  test('an information message shows as a toast', async () => {
    const { page } = wb;
    try {
      await page.keyboard.press('Control+P');
      await page.locator('.quick-input-widget input').fill('plain.yaml');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'plain.yaml' }).first().waitFor();
      await page.keyboard.press('Enter');
      await page.locator('.tab', { hasText: 'plain.yaml' }).first().waitFor({ timeout: 30_000 });
      await runFromPalette(page, 'Alluxio DL: Validate File');
      const toast = page.locator('.notifications-toasts .notification-toast', {
        hasText: 'plain.yaml has no problems',
      });
      await toast.first().waitFor({ state: 'visible', timeout: 30_000 });
      assert.ok(await toast.first().isVisible());
      // the demo's settings reached the extension: the workspace file names the chart copies
      const ws = JSON.parse(fs.readFileSync(path.join(workspace, '.vscode', 'settings.json'), 'utf8'));
      assert.ok(fs.existsSync(path.join(ws['alluxioDl.charts.alluxio'], 'Chart.yaml')));
    } catch (err) {
      await wb.screenshot(path.join(ARTIFACTS, 'demo-toast-failure.png')).catch(() => undefined);
      throw err;
    }
  });
});
