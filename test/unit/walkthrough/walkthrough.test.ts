// The walkthrough's decisions: each step from what the cluster and the workspace show, and the costly
// questions asked only when their step can be done. Also that package.json's walkthrough matches.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  changedSteps,
  contextKey,
  isConfigFile,
  NO_FACTS,
  questionsFor,
  WALKTHROUGH_ID,
  WALKTHROUGH_STEPS,
  walkthroughState,
} from '../../../src/core/walkthrough';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');

test('nothing known: no step is done', () => {
  assert.deepEqual(
    Object.entries(walkthroughState(NO_FACTS)).filter(([, v]) => v),
    [],
  );
});

test('each step from its own fact', () => {
  const s = walkthroughState({
    ...NO_FACTS,
    reachable: true,
    deployedCharts: ['hdfs', 'nginx'],
    datasetEntries: 1,
    labelledNodes: 2,
    configFiles: ['/ws/alluxio/config.yaml'],
    cachedPercentage: 99.2,
    builtImages: ['mnist:pytorch'],
    jobs: 1,
    followedJobs: 0,
  });
  assert.equal(s.connect, true);
  assert.equal(s.installHdfs, true);
  assert.equal(s.installAlluxio, false, 'no alluxio chart deployed');
  assert.equal(s.uploadDataset, true);
  assert.equal(s.labelNodes, true);
  assert.equal(s.writeConfig, true);
  assert.equal(s.warmCache, true);
  assert.equal(s.buildImage, true);
  assert.equal(s.submitJob, true);
  assert.equal(s.followLogs, false);
  assert.equal(walkthroughState({ ...NO_FACTS, cachedPercentage: 98.9 }).warmCache, false);
  assert.equal(walkthroughState({ ...NO_FACTS, dataLoadComplete: true }).warmCache, true);
  assert.equal(walkthroughState({ ...NO_FACTS, deployedCharts: ['hdfs-k8s'] }).installHdfs, true);
});

test('config files: config.yaml or a Fluid Dataset, not any YAML', () => {
  assert.ok(isConfigFile('/ws/config.yaml'));
  assert.ok(isConfigFile('C:\\ws\\config.yml'));
  assert.ok(isConfigFile('/ws/mnist-dataset.yaml'));
  assert.ok(!isConfigFile('/ws/values.yaml'));
  assert.ok(!isConfigFile('/ws/config.yaml.bak'));
});

test('the HDFS listing and the cache state are asked only once their step can be done', () => {
  assert.deepEqual(questionsFor({ ...NO_FACTS, reachable: true }), { hdfsListing: false, cacheState: false });
  assert.deepEqual(questionsFor({ ...NO_FACTS, reachable: true, deployedCharts: ['hdfs'] }), {
    hdfsListing: true,
    cacheState: false,
  });
  assert.deepEqual(
    questionsFor({ ...NO_FACTS, reachable: true, deployedCharts: ['hdfs', 'alluxio'], datasetEntries: 0 }),
    { hdfsListing: true, cacheState: false },
  );
  assert.deepEqual(
    questionsFor({ ...NO_FACTS, reachable: true, deployedCharts: ['hdfs', 'alluxio'], datasetEntries: 3 }),
    { hdfsListing: true, cacheState: true },
  );
});

test('only changed steps are set again', () => {
  const a = walkthroughState(NO_FACTS);
  assert.deepEqual(changedSteps(undefined, a), [...WALKTHROUGH_STEPS]);
  assert.deepEqual(changedSteps(a, a), []);
  assert.deepEqual(changedSteps(a, walkthroughState({ ...NO_FACTS, jobs: 1 })), ['submitJob']);
});

test("package.json's walkthrough: every step, its page, and the context key the service sets", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const w = pkg.contributes.walkthroughs.find((x: { id: string }) => x.id === WALKTHROUGH_ID);
  assert.ok(w, 'walkthrough contributed');
  assert.deepEqual(
    w.steps.map((s: { id: string }) => s.id),
    [...WALKTHROUGH_STEPS],
  );
  for (const s of w.steps) {
    assert.deepEqual(s.completionEvents, [`onContext:${contextKey(s.id)}`]);
    assert.ok(fs.existsSync(path.join(REPO, s.media.markdown)), s.media.markdown);
    assert.match(s.description, /\]\(command:alluxioDl\.\w+\)/, `${s.id} has a button`);
    for (const img of fs.readFileSync(path.join(REPO, s.media.markdown), 'utf8').matchAll(/!\[[^\]]*\]\(([^)]+)\)/g))
      if (!/^(connect|writeConfig)\.png$/.test(img[1]))
        assert.ok(fs.existsSync(path.join(REPO, path.dirname(s.media.markdown), img[1])), `${s.id}: ${img[1]}`);
  }
});
