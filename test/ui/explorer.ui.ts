import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe } from 'node:test';
import type { Page } from 'playwright-core';
import { openAlluxioView, openSession, REPO, Session, uiTest } from './fixture';

// Clicks through the cluster explorer on the sandbox's seed workload (hdfs + alluxio releases, the
// alluxio-pytorch TFJob) and leaves a screenshot in media/.
const info = process.env.ALLUXIO_DL_SANDBOX && fs.existsSync(process.env.ALLUXIO_DL_SANDBOX)
  ? (JSON.parse(fs.readFileSync(process.env.ALLUXIO_DL_SANDBOX, 'utf8')) as { kubeconfig: string })
  : undefined;

function row(page: Page, text: string | RegExp) {
  return page.locator('.part.sidebar .monaco-list-row', { hasText: text }).first();
}

describe('cluster explorer', { skip: info ? false : 'needs the sandbox (ALLUXIO_DL_SANDBOX)' }, () => {
  let s: Session;
  before(async () => {
    s = await openSession({ KUBECONFIG: info!.kubeconfig });
  });
  after(async () => s?.close());

  uiTest('the tree shows the seed workload; the Root UFS link reveals HDFS; Describe opens YAML', () => s, async ({ page, wb }) => {
    await openAlluxioView(page);
    // Title: context / namespace (the view is alone in its container: the container's title shows it).
    await page.locator('.part.sidebar .composite.title', { hasText: 'alluxio-dl-sandbox / default' }).first().waitFor({ timeout: 60_000 });
    await row(page, 'alluxio-pytorch').waitFor({ timeout: 60_000 });
    await row(page, /^hdfs/).waitFor();
    const ufs = row(page, 'Root UFS');
    await ufs.waitFor();
    assert.match(await ufs.innerText(), /→ HDFS hdfs/);

    // Expand the Alluxio workers and the Nodes section: the data-locality picture.
    await row(page, /^workers/).click();
    await row(page, /^alluxio-worker-/).waitFor();
    await row(page, /^Nodes/).click();
    const gpuNode = row(page, /^kwok-gpu-0/);
    await gpuNode.waitFor();
    assert.match(await gpuNode.innerText(), /dataset=mnist/);
    await wb.screenshot(path.join(REPO, 'media', 'screenshot-explorer.png'));

    // The link: clicking Root UFS selects the HDFS release.
    await ufs.click();
    await page.locator('.part.sidebar .monaco-list-row.selected', { hasText: /^hdfs/ }).first().waitFor({ timeout: 10_000 });

    // Right-click a pod → Describe (YAML) → a read-only YAML editor.
    await row(page, /^alluxio-worker-/).click({ button: 'right' });
    await page.locator('.context-view .action-label', { hasText: 'Describe (YAML)' }).first().click();
    await page.locator('.editor-instance .view-lines', { hasText: 'kind: Pod' }).first().waitFor({ timeout: 30_000 });
  });
});
