// Left out of the default `npm test` UI run (test/harness/main.ts NOT_YET_PASSING) until it passes: the
// cluster checks the steps off, but the New Alluxio config.yaml button starts no wizard here. Run it with
// ALLUXIO_DL_UI_ONLY=walkthrough.
// The walkthrough from a fresh workspace against the sandbox (HDFS, Alluxio and a training job preloaded
// in `default`, nodes labelled dataset=mnist): steps the cluster already shows done are checked off
// without a click; the workspace's and the follower's steps stay open until their buttons have done the
// work, and are then checked off by what exists (a config.yaml, a followed job). Screenshots go to
// media/walkthrough/ (ALLUXIO_DL_UPDATE_SCREENSHOTS=1), else .test-artifacts/ui.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe } from 'node:test';
import type { Page } from 'playwright-core';
import { sandboxInfo } from '../integration/sandbox';
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
  await page.locator(`.getting-started-step[data-step-id$="#${id}"][aria-checked="true"]`).first().waitFor({ timeout });
}

/** Opens a step and clicks the button with that label in its description. */
async function clickButton(page: Page, id: string, label: string): Promise<void> {
  await step(page, id).click();
  const button = page.locator('.getting-started-step.expanded .monaco-button, .getting-started-step.expanded a', {
    hasText: label,
  });
  await button.first().waitFor({ timeout: 15_000 });
  await button.first().click();
}

/** Accepts each quick pick / input of a wizard with Enter until `done` shows (bounded). */
async function acceptDefaults(page: Page, done: () => Promise<boolean>, what: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  for (let i = 0; i < 15; i++) {
    if (await done()) return;
    await input.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => undefined);
    if (!(await input.isVisible())) continue;
    await page
      .locator('.quick-input-list .monaco-list-row')
      .first()
      .waitFor({ timeout: 5_000 })
      .catch(() => undefined);
    await page.keyboard.press('Enter');
  }
  if (!(await done())) throw new Error(`${what}: not done after 15 answers`);
}

describe('walkthrough: Train on HDFS through Alluxio', () => {
  let s: Session;
  before(async () => {
    s = await openSession({ KUBECONFIG: sandboxInfo().kubeconfig });
  });
  after(async () => s?.close());

  uiTest(
    'steps are checked off by the cluster and the workspace, the open ones by their buttons',
    () => s,
    async ({ page, wb, workspace }) => {
      await runFromPalette(page, 'Alluxio DL: Open Walkthrough: Train on HDFS through Alluxio');
      await step(page, 'connect').waitFor({ timeout: 30_000 });
      // the cluster's state, with no click: reachable, releases, labelled nodes, the job
      for (const id of ['connect', 'installHdfs', 'installAlluxio', 'labelNodes', 'submitJob'])
        await waitChecked(page, id);
      await step(page, 'connect').click();
      await wb.screenshot(shot('connect.png'));
      // a fresh workspace: no config.yaml; nobody follows a job yet
      assert.equal(await checked(page, 'writeConfig'), false);
      assert.equal(await checked(page, 'followLogs'), false);

      await clickButton(page, 'writeConfig', 'New Alluxio config.yaml');
      await acceptDefaults(
        page,
        async () => fs.existsSync(path.join(workspace, 'config.yaml')),
        'New Alluxio config.yaml',
      );
      await waitChecked(page, 'writeConfig');
      await page.locator('.tab', { hasText: 'Welcome' }).first().click();
      await step(page, 'writeConfig').click();
      await wb.screenshot(shot('writeConfig.png'));

      await clickButton(page, 'followLogs', 'Follow Logs');
      await acceptDefaults(page, async () => checked(page, 'followLogs'), 'Follow Logs');
      await waitChecked(page, 'followLogs');

      const open: string[] = [];
      for (const id of ['uploadDataset', 'warmCache', 'buildImage']) if (!(await checked(page, id))) open.push(id);
      console.log(`walkthrough steps still open on the preloaded sandbox: ${open.join(', ') || 'none'}`);
    },
  );
});
