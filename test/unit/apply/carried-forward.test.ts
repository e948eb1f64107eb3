/**
 * Answers carried forward, in plain Node: which open file a command uses, the node selectors New
 * Training Job offers, the remembered answers, and which HDFS release's client pod an upload uses
 * (the cluster is the in-memory ClusterClient, the HDFS a local folder behind its exec).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, test } from 'node:test';
import { uploadToHdfs } from '../../../src/commands/apply/upload';
import { RecentAnswers } from '../../../src/commands/recent-answers';
import { chooseOpenFile, fileFits, type OpenFile } from '../../../src/core/apply/open-files';
import { parseSelector, selectorOffers, valuesNodeSelector } from '../../../src/core/apply/selector-offers';
import { decodeTarget, withOptions } from '../../../src/core/command-target';
import { nodeId } from '../../../src/core/model/node-id';
import { hdfsStandin } from '../../doubles/hdfs-standin';
import { memoryApplyDeps } from '../../doubles/memory-apply-deps';
import { MemoryStore } from '../../doubles/memory-store';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const JOB = 'apiVersion: kubeflow.org/v1\nkind: TFJob\nmetadata:\n  name: j\nspec: {}\n';
const CONFIG = 'nodeSelector:\n  dataset: mnist\ntieredstore:\n  levels:\n  - mediumtype: MEM\n    quota: 20GB\n';
const HDFS = 'hdfs-simple-namenode-k8s:\n  nodeSelector: {}\n';
const file = (p: string, text: string, active = false, dirty = false): OpenFile => ({ path: p, text, active, dirty });

test('open files: the active editor when it fits, else the one visible file that fits, else a picker of the fitting ones (background tabs only offered), else none', () => {
  const job = file('/w/job.yaml', JOB, true);
  assert.deepEqual(chooseOpenFile('job', [job, file('/w/config.yaml', CONFIG)]), { type: 'one', file: job });
  const config = file('/w/config.yaml', CONFIG);
  assert.deepEqual(chooseOpenFile('alluxioValues', [job, config]), { type: 'one', file: config });
  assert.deepEqual(chooseOpenFile('hdfsValues', [job, config]), { type: 'none' });
  const other = file('/w/other.yaml', CONFIG);
  assert.deepEqual(chooseOpenFile('alluxioValues', [job, config, other]), { type: 'several', files: [config, other] });
  // a file only in a tab behind other editors is offered, never taken without asking
  const behind = { ...file('/w/Dockerfile', ''), background: true };
  assert.deepEqual(chooseOpenFile('dockerfile', [job, behind]), { type: 'several', files: [behind] });
  const shown = file('/w/train.Dockerfile', '');
  assert.deepEqual(chooseOpenFile('dockerfile', [job, behind, shown]), { type: 'one', file: shown });
  assert.ok(fileFits('hdfsValues', file('/w/values.yaml', HDFS)));
  assert.ok(fileFits('dockerfile', file('/w/Dockerfile', '')));
  assert.ok(fileFits('dockerfile', file('/w/train.Dockerfile', '')));
  assert.ok(!fileFits('dockerfile', file('/w/Dockerfile.md/notes.txt', '')));
  assert.ok(!fileFits('job', file('/w/job.yaml', `${JOB}---\n${JOB}`)), 'several documents: not one job');
  assert.ok(!fileFits('job', file('/w/job.yaml', 'a: [')), 'not YAML (yet)');
  assert.ok(!fileFits('job', file('/w/job.yaml', JOB + `# ${'x'.repeat(3 * 1024 * 1024)}\n`)), 'over the size limit');
  assert.ok(!fileFits('job', file('/w/job.json', JOB)));
});

test('node selector offers: config.yaml first, then the nodes’ labels by count, kubernetes.io labels left out', () => {
  const nodes: Record<string, string>[] = [
    { dataset: 'mnist', 'kubernetes.io/hostname': 'a', gpu: 'true' },
    { dataset: 'mnist', 'kubernetes.io/hostname': 'b' },
    { 'hdfs-namenode-selector': 'hdfs-namenode-0' },
  ];
  const offers = selectorOffers(nodes, [{ name: 'config.yaml', text: CONFIG }]);
  assert.deepEqual(
    offers.map((o) => `${o.selector} | ${o.description}`),
    [
      'dataset=mnist | nodeSelector in config.yaml',
      'gpu=true | 1 node',
      'hdfs-namenode-selector=hdfs-namenode-0 | 1 node',
    ],
  );
  assert.deepEqual(
    selectorOffers([], [{ name: 'config.yaml', text: 'nodeSelector:\n  dataset: imagenet\n' }]).map(
      (o) => o.description,
    ),
    ['nodeSelector in config.yaml · no node carries it yet'],
  );
  assert.equal(valuesNodeSelector('fuse:\n  nodeSelector:\n    a: "1"\n    b: x\n'), 'a=1,b=x');
  assert.equal(valuesNodeSelector('nodeSelector: [1]\n'), undefined);
  assert.deepEqual(parseSelector('a=1,b=x=y,,c'), { a: '1', b: 'x=y' });
  const many = Array.from({ length: 500 }, (_, i) => ({ [`l${i}`]: 'v' }));
  assert.equal(selectorOffers(many, []).length, 50, 'bounded');
});

test('remembered answers: stored per kind, and anything not a short string is ignored', async () => {
  const store = new MemoryStore();
  const recent = new RecentAnswers(store);
  assert.equal(recent.release('hdfs'), undefined);
  await recent.rememberRelease('hdfs', { release: 'data', namespace: 'ml' });
  await recent.rememberBuiltImage('localhost/mnist:1');
  assert.deepEqual(new RecentAnswers(store).release('hdfs'), { release: 'data', namespace: 'ml' });
  assert.equal(new RecentAnswers(store).release('alluxio'), undefined);
  assert.equal(new RecentAnswers(store).builtImage(), 'localhost/mnist:1');
  await store.update('alluxioDl.recent.builtImage', 'x'.repeat(1000));
  await store.update('alluxioDl.recent.release.alluxio', { release: 7, namespace: 'ns' });
  assert.equal(recent.builtImage(), undefined);
  assert.equal(recent.release('alluxio'), undefined);
});

function uploadSetup() {
  const { deps, cluster, prompter, store } = memoryApplyDeps();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'adl-carried-'));
  made.push(tmp);
  const hdfsRoot = path.join(tmp, 'hdfs');
  fs.mkdirSync(hdfsRoot);
  const execs: string[] = [];
  const standin = hdfsStandin(hdfsRoot, []);
  cluster.execHandler = (ns, pod, command, io) => {
    execs.push(`${ns}/${pod}`);
    return standin(ns, pod, command, io);
  };
  for (const [ns, release, name] of [
    ['default', 'hdfs', 'hdfs-client-a'],
    ['team', 'data', 'data-client-b'],
  ])
    cluster.put('pods', {
      metadata: { name, namespace: ns, labels: { app: 'hdfs-client', release } },
      status: { phase: 'Running' },
    });
  const data = path.join(tmp, 'labels.gz');
  fs.writeFileSync(data, 'labels');
  return { cluster, prompter, deps, execs, data, store };
}

test('upload with two HDFS releases: a picker (the last used first); the chosen release’s client pod runs every command', async () => {
  const { deps, prompter, execs, data } = uploadSetup();
  const offered: string[][] = [];
  prompter.pick = (title, items) => {
    offered.push(items.map((i) => `${i.label} | ${i.description}`));
    assert.equal(title, 'HDFS release to upload to');
    return items.find((i) => i.label === 'data')?.value;
  };
  const r = await uploadToHdfs(deps, withOptions({ files: [data], hdfsDir: '/d' }));
  assert.equal(r.outcome, 'uploaded', JSON.stringify(r));
  assert.equal(r.pod, 'team/data-client-b');
  assert.deepEqual([...new Set(execs)], ['team/data-client-b']);
  assert.match(r.message ?? '', /of release data \(via team\/data-client-b\)/);
  assert.deepEqual(offered[0], ['hdfs | namespace default · hdfs-client-a', 'data | namespace team · data-client-b']);
  const again = await uploadToHdfs(deps, withOptions({ files: [data], hdfsDir: '/d' }));
  assert.equal(again.pod, 'team/data-client-b');
  assert.deepEqual(offered[1], [
    'data | namespace team · data-client-b · last used',
    'hdfs | namespace default · hdfs-client-a',
  ]);
  prompter.pick = () => undefined;
  const declined = await uploadToHdfs(deps, withOptions({ files: [data], hdfsDir: '/d' }));
  assert.equal(declined.outcome, 'declined');
});

test('upload run on a release in the tree uses that release’s client pod without asking', async () => {
  const { deps, prompter, execs, data } = uploadSetup();
  prompter.pick = () => assert.fail('no picker when the release is given');
  const id = nodeId({ kind: 'release', release: { product: 'hdfs', namespace: 'default', release: 'hdfs' } });
  const node = { id, kind: 'hdfsRelease', label: 'hdfs' } as never;
  prompter.files = () => [data];
  const r = await uploadToHdfs(
    deps,
    decodeTarget(id, (i) => (i === id ? node : undefined)),
  );
  assert.equal(r.outcome, 'uploaded', JSON.stringify(r));
  assert.equal(r.pod, 'default/hdfs-client-a');
  assert.deepEqual([...new Set(execs)], ['default/hdfs-client-a']);
  const byOption = await uploadToHdfs(deps, withOptions({ files: [data], hdfsDir: '/d', release: 'data' }));
  assert.equal(byOption.pod, 'team/data-client-b');
  const none = await uploadToHdfs(deps, withOptions({ files: [data], hdfsDir: '/d', release: 'gone', namespace: 'x' }));
  assert.equal(none.outcome, 'noClientPod');
  assert.match(
    none.message ?? '',
    /No running HDFS client pod \(label app=hdfs-client\) of release gone in namespace x/,
  );
});
