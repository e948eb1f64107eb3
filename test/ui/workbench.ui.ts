import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe } from 'node:test';
import { openAlluxioView, openSession, REPO, runFromPalette, Session, uiTest, readmeScreenshot } from './fixture';

describe('workbench without a kubeconfig', () => {
  let s: Session;
  before(async () => {
    s = await openSession({ KUBECONFIG: path.join(REPO, '.test-artifacts', 'no-such-kubeconfig') });
  });
  after(async () => s?.close());

  uiTest(
    'the Alluxio DL view shows the no-kubeconfig welcome',
    () => s,
    async ({ page }) => {
      await openAlluxioView(page);
      const welcome = page.locator('.welcome-view-content', { hasText: 'No kubeconfig found' });
      await welcome.waitFor({ timeout: 30_000 });
      await s.wb.screenshot(readmeScreenshot('screenshot-welcome.png'));
      assert.match(await welcome.innerText(), /KUBECONFIG,\selse\s~\/.kube\/config/);
    },
  );

  uiTest(
    'Show Log from the palette opens the extension log',
    () => s,
    async ({ page }) => {
      await runFromPalette(page, 'Alluxio DL: Show Log');
      const output = page.locator('.part.panel .view-lines');
      await output
        .filter({ hasText: /activated\sin\s\d+\sms/ })
        .first()
        .waitFor({ timeout: 30_000 });
      assert.match(await output.first().innerText(), /no\skubeconfig/);
    },
  );
});
