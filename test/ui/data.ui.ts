import * as assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { sandboxInfo } from '../integration/sandbox';
import {
  expandRow,
  openAlluxioView,
  openSession,
  readmeScreenshot,
  Session,
  treeRow,
  uiTest,
  widenSideBar,
} from './fixture';

// Clicks through the explorer's data nodes on the sandbox's real HDFS and Alluxio 2.9.6: HDFS Storage
// and Files, Alluxio Capacity, Workers and the dataset's cache state; leaves media/data-view.png.
const row = treeRow;

describe('data views', () => {
  let s: Session;
  before(async () => {
    s = await openSession({ KUBECONFIG: sandboxInfo().kubeconfig });
  });
  after(async () => s?.close());

  uiTest(
    'HDFS storage and files, Alluxio capacity, workers and cache state',
    () => s,
    async ({ page, wb }) => {
      await openAlluxioView(page);
      // The numbers arrive through port-forwards to the namenode and the master.
      const storage = row(page, /^Storage/);
      await storage.waitFor({ timeout: 60_000 });
      await page
        .locator('.part.sidebar .monaco-list-row', { hasText: /^Storage.* live, \d+ dead/ })
        .first()
        .waitFor({ timeout: 90_000 });
      assert.match(await storage.innerText(), /used/);
      await page
        .locator('.part.sidebar .monaco-list-row', { hasText: /^Capacity.*Alluxio 2\.9\.6/ })
        .first()
        .waitFor({ timeout: 90_000 });
      // Training takes room the screenshot wants for data: fold it.
      await expandRow(page, /^Workers/, /live ·/);
      await expandRow(page, /^Dataset cache/, /^cachedPercentage/);
      const pctRow = row(page, /^cachedPercentage/);
      assert.match(await pctRow.innerText(), /(\d+\.\d%|unknown) of/);
      await expandRow(page, /^Files/, /^data/);
      const training = row(page, /^Training/);
      if ((await training.getAttribute('aria-expanded')) === 'true') await training.click();
      await widenSideBar(page, 620);
      await wb.screenshot(readmeScreenshot('data-view.png'));
    },
  );
});
