import * as assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { sandboxInfo } from '../integration/sandbox';
import { openAlluxioView, openSession, runFromPalette, Session, uiTest, readmeScreenshot } from './fixture';

// Against the sandbox (started by the harness with the PyTorch-on-HDFS guide's TFJob alluxio-pytorch, whose two workers
// append mnist.py lines to their logs).
describe('training curve', () => {
  let s: Session;
  before(async () => {
    s = await openSession({ KUBECONFIG: sandboxInfo().kubeconfig });
  });
  after(async () => s?.close());

  uiTest(
    'Show Training Curve on the seed job plots loss and accuracy, one line per worker with a legend',
    () => s,
    async ({ page }) => {
      // The extension's contributions are registered once its view container is there.
      await openAlluxioView(page);
      await runFromPalette(page, 'Alluxio DL: Show Training Curve');
      // No job followed yet: the job picker lists the cluster's jobs.
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'alluxio-pytorch' }).first();
      await row.waitFor({ timeout: 60_000 });
      await row.click();
      // The webview: an iframe in an iframe.
      const frame = page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
      const body = frame.locator('body[data-points]');
      await body.waitFor({ timeout: 60_000 });
      await frame.locator('#loss path.line').first().waitFor({ timeout: 60_000 });
      const points = Number(await body.getAttribute('data-points'));
      assert.ok(points >= 2, `points plotted: ${points}`);
      // One train-loss line per worker (not one line zig-zagging between them), each named in the legend.
      await frame.locator('#loss path.line[data-metric="loss"][data-series="worker-1"]').waitFor({ timeout: 60_000 });
      const lossLines = await frame
        .locator('#loss path.line[data-metric="loss"]')
        .evaluateAll((ps) => ps.map((p) => p.getAttribute('data-series')));
      assert.deepEqual(lossLines, ['worker-0', 'worker-1']);
      const legend = await frame.locator('#legend .entry .name').allInnerTexts();
      assert.deepEqual(legend, ['worker-0', 'worker-1']);
      const colours = await frame
        .locator('#loss path.line[data-metric="loss"]')
        .evaluateAll((ps) =>
          ps.map(
            (p) =>
              (globalThis as unknown as { getComputedStyle(e: unknown): { stroke: string } }).getComputedStyle(p)
                .stroke,
          ),
        );
      assert.notEqual(colours[0], colours[1], `each worker its own colour: ${colours.join(', ')}`);
      assert.match(await frame.locator('#summary').innerText(), /epoch \d+/);
      assert.equal(await frame.locator('#empty.hidden').count(), 1, 'the "no progress yet" note is hidden');
      await s.wb.screenshot(readmeScreenshot('screenshot-training-curve.png'));
    },
  );
});
