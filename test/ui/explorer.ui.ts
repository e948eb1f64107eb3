import * as assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { sandboxInfo } from '../integration/sandbox';
import {
  expandRow,
  openAlluxioView,
  openSession,
  Session,
  treeRow,
  uiTest,
  widenSideBar,
  readmeScreenshot,
} from './fixture';

// Clicks through the cluster explorer on the sandbox's seed workload (hdfs + alluxio releases, the
// alluxio-pytorch TFJob) and leaves a screenshot in media/.
const row = treeRow;

describe('cluster explorer', () => {
  let s: Session;
  before(async () => {
    s = await openSession({ KUBECONFIG: sandboxInfo().kubeconfig });
  });
  after(async () => s?.close());

  uiTest(
    'the tree shows the seed workload; the Root UFS link reveals HDFS; Describe opens YAML',
    () => s,
    async ({ page, wb }) => {
      await openAlluxioView(page);
      // Title: context / namespace (the view is alone in its container: the container's title shows it).
      await page
        .locator('.part.sidebar .composite.title', { hasText: 'alluxio-dl-sandbox / default' })
        .first()
        .waitFor({ timeout: 60_000 });
      await row(page, 'alluxio-pytorch').waitFor({ timeout: 60_000 });
      await row(page, /^hdfs/).waitFor();
      const ufs = row(page, 'Root UFS');
      await ufs.waitFor();
      assert.match(await ufs.innerText(), /→ HDFS hdfs/);

      // Expand the Alluxio workers and the Nodes section: the data-locality picture.
      await expandRow(page, /^workers/, /^alluxio-worker-/);
      await expandRow(page, /^Nodes/, /^kwok-gpu-0/);
      const gpuNode = row(page, /^kwok-gpu-0/);
      await gpuNode.waitFor();
      assert.match(await gpuNode.innerText(), /dataset=mnist/);
      await widenSideBar(page, 560);
      await wb.screenshot(readmeScreenshot('screenshot-explorer.png'));

      // The link: clicking Root UFS selects the HDFS release.
      await ufs.click();
      await page
        .locator('.part.sidebar .monaco-list-row.selected', { hasText: /^hdfs/ })
        .first()
        .waitFor({ timeout: 10_000 });

      // Right-click a pod → Describe (YAML) → a read-only YAML editor.
      // The menu can still be settling from the right-click's mouse-up: hover to focus the entry, then
      // choose it with Enter (a click on a menu that is still rendering was seen to be dropped). A live
      // update of the row (a crash-looping pod's restarts) can close the menu: right-click again.
      const describe = page.locator('.context-view .action-label', { hasText: 'Describe (YAML)' }).first();
      for (let attempt = 1; ; attempt++) {
        await row(page, /^alluxio-worker-/).click({ button: 'right' });
        const shown = await describe.waitFor({ timeout: 5_000 }).then(
          () => true,
          () => false,
        );
        if (shown) break;
        if (attempt >= 5)
          throw new Error('the context menu of an Alluxio worker pod showed no Describe (YAML) in 5 tries');
        await page.keyboard.press('Escape');
      }
      await describe.hover();
      await page.keyboard.press('Enter');
      await page.locator('.editor-instance .view-lines', { hasText: 'kind: Pod' }).first().waitFor({ timeout: 30_000 });
    },
  );
});
