/**
 * The explorer's data nodes as pure data: ids, the store, the HDFS and Alluxio builders, over the
 * captured answers of a real Hadoop 3.3.6 and Alluxio 2.9.6 (test/fixtures/data).
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBrowse } from '../../../src/core/data/alluxio-browse';
import { parseMetricsJson } from '../../../src/core/data/alluxio-metrics';
import { parseMasterInfo } from '../../../src/core/data/alluxio-rest';
import { cacheStateOf } from '../../../src/core/data/cache-state';
import { datasetPathOf } from '../../../src/core/data/dataset-path';
import {
  parseContentSummary,
  parseListStatus,
  parseNamenodeJmx,
  type HdfsEntry,
} from '../../../src/core/data/hdfs-rest';
import { hitRatio } from '../../../src/core/data/hit-ratio';
import { ClusterModel } from '../../../src/core/model/cluster-model';
import { dataNodeId, dataRowId, parseDataId, type DataNodeKey } from '../../../src/core/model/data-id';
import { DataStore, hdfsListing, MAX_ENTRIES, MAX_LISTED } from '../../../src/core/model/data-store';
import { ExplorerTree } from '../../../src/core/model/tree';
import type { ReleaseKey } from '../../../src/core/model/node-id';
import { alluxio, hadoop } from '../data/fixtures';
import { alluxioLabels, hdfsLabels, pod } from './objects';

const HDFS: ReleaseKey = { product: 'hdfs', namespace: 'default', release: 'hdfs' };
const ALLUXIO: ReleaseKey = { product: 'alluxio', namespace: 'default', release: 'alluxio' };
const id = (release: ReleaseKey, what: DataNodeKey['what'], arg = '') => dataNodeId({ release, what, arg });

function setup(datasetSetting = '') {
  const model = new ClusterModel();
  model.reset('pods', [
    pod('hdfs-namenode-0', { labels: hdfsLabels('namenode'), node: 'kwok-hdfs-0' }),
    pod('alluxio-master-0', { labels: alluxioLabels('master'), node: 'kwok-gpu-0' }),
  ]);
  const store = new DataStore();
  const tree = new ExplorerTree(model, {
    store,
    datasetPath: (r) =>
      datasetPathOf(datasetSetting, store.value({ kind: 'alluxioStatus', release: r, path: '' })?.mounts),
  });
  return { model, store, tree };
}

test('data ids round-trip any path, and name their parents up to the release', () => {
  const odd = '/data/a b|c#d/é%2F';
  const key = { release: HDFS, what: 'files' as const, arg: odd };
  const built = dataNodeId(key);
  assert.deepEqual(parseDataId(built), { type: 'node', ...key });
  assert.deepEqual(parseDataId(dataRowId(key, 'more')), { type: 'row', row: 'more', of: key });
  const { tree } = setup();
  const chain: string[] = [];
  for (let at: string | undefined = built; at; at = tree.parent(at)) chain.push(at);
  assert.deepEqual(chain, [
    built,
    id(HDFS, 'files', '/data/a b|c#d'),
    id(HDFS, 'files', '/data'),
    id(HDFS, 'files', '/'),
    'r:hdfs|default|hdfs',
    's:hdfs',
  ]);
  for (const bad of [
    'd:hdfs|default|hdfs|nope|x',
    'd:x|default|hdfs|files|%2F',
    'd:hdfs|default|hdfs|files|%E0%A4%A',
    `${built}#gone`,
  ])
    assert.equal(parseDataId(bad), undefined, bad);
});

test('an HDFS release shows Storage (loading, then as dfsadmin -report) and a Files browser', () => {
  const { store, tree } = setup();
  const storage = id(HDFS, 'storage');
  const files = id(HDFS, 'files', '/');
  assert.deepEqual(tree.children('r:hdfs|default|hdfs').slice(-2), [storage, files]);
  assert.equal(tree.node(storage)?.description, 'Loading…');
  assert.deepEqual(tree.children(storage), [dataRowId({ release: HDFS, what: 'storage', arg: '' }, 'loading')]);

  const jmx = parseNamenodeJmx(
    hadoop('jmx.FSNamesystemState.dead-datanode.json'),
    hadoop('jmx.NameNodeInfo.dead-datanode.json'),
  );
  store.set({ kind: 'hdfsStatus', release: HDFS, path: '' }, { ...jmx, source: 'jmx' });
  const s = tree.node(storage)!;
  assert.ok(jmx.capacity! > 0 && jmx.deadDatanodes! > 0, 'the capture has capacity and a dead datanode');
  assert.match(
    s.description,
    new RegExp(`used \\(\\d+\\.\\d%\\) · .* free · ${jmx.liveDatanodes} live, ${jmx.deadDatanodes} dead`),
  );
  assert.equal(s.state, 'warning', 'a dead datanode is a warning');
  assert.match(s.tooltip, /Configured capacity/);
  const dns = tree.children(storage);
  assert.equal(dns.length, jmx.datanodes.length);
  const dead = dns.map((d) => tree.node(d)!).find((n) => n.description.startsWith('dead'));
  assert.equal(dead?.state, 'error');
});

test('a failed status is one row with the message and the fix, in place of the nodes it feeds', () => {
  const { store, tree } = setup();
  const error = {
    kind: 'forbidden' as const,
    what: 'HDFS namenode default/hdfs-namenode-0',
    message: 'port-forward to pod default/hdfs-namenode-0:50070 is forbidden: pods "hdfs-namenode-0" is forbidden',
    hint: 'Ask for the permission to create pods/portforward in namespace default.',
  };
  store.fail({ kind: 'hdfsStatus', release: HDFS, path: '' }, error);
  const kids = tree.children('r:hdfs|default|hdfs');
  const row = dataRowId({ release: HDFS, what: 'storage', arg: '' }, 'error');
  assert.ok(kids.includes(row) && !kids.includes(id(HDFS, 'storage')), kids.join());
  const n = tree.node(row)!;
  assert.match(n.label, /^Forbidden \(403\): port-forward/);
  assert.match(n.description, /pods\/portforward/);
  assert.match(n.contextValue, /\bretry\b/);

  store.fail({ kind: 'alluxioStatus', release: ALLUXIO, path: '' }, { ...error, kind: 'refused', message: 'refused' });
  const a = tree.children('r:alluxio|default|alluxio');
  assert.equal(a.filter((x) => x.endsWith('#error')).length, 1, 'one error row, not one per node');
  assert.ok(!a.includes(id(ALLUXIO, 'workers')));
});

test('HDFS folders list sizes and counts, at most 1,000 entries and a "… N more" row, with dataPath and menus', () => {
  const { store, tree } = setup();
  const raw = parseListStatus(hadoop('webhdfs.LISTSTATUS.raw.json'));
  store.set(
    { kind: 'hdfsList', release: HDFS, path: '/data/MNIST/raw' },
    hdfsListing(raw, parseContentSummary(hadoop('webhdfs.GETCONTENTSUMMARY.data.json'))),
  );
  const folder = id(HDFS, 'files', '/data/MNIST/raw');
  const kids = tree.children(folder);
  assert.equal(kids.length, raw.length);
  const first = raw.filter((e) => !e.isDir).sort((a, b) => a.name.localeCompare(b.name))[0];
  const file = tree.node(id(HDFS, 'files', `/data/MNIST/raw/${first.name}`))!;
  assert.match(file.description, /^\d+(\.\d)? (B|KB|MB)/);
  assert.match(file.contextValue, /\bhdfsFile\b/);
  assert.match(file.contextValue, /\bhdfsDeletable\b/);
  assert.deepEqual(file.dataPath, {
    product: 'hdfs',
    namespace: 'default',
    release: 'hdfs',
    path: `/data/MNIST/raw/${first.name}`,
  });
  assert.equal(file.expandable, false);

  const many: HdfsEntry[] = Array.from({ length: MAX_LISTED + 500 }, (_, i) => ({
    name: `f-${i}`,
    isDir: false,
    length: i,
  }));
  store.set({ kind: 'hdfsList', release: HDFS, path: '/big' }, hdfsListing(many));
  const big = id(HDFS, 'files', '/big');
  const bigKids = tree.children(big);
  assert.equal(bigKids.length, MAX_LISTED + 1);
  assert.equal(tree.node(bigKids[MAX_LISTED])?.label, '… 500 more');
  const root = tree.node(id(HDFS, 'files', '/'))!;
  assert.equal(root.label, 'Files');
  assert.match(root.contextValue, /\bhdfsFolder\b/);
  assert.doesNotMatch(root.contextValue, /hdfsDeletable/, 'the root is not offered for Delete');
});

test('an Alluxio release shows version, tiers, workers, mounts, and the cache under Fluid names', () => {
  const { store, tree } = setup();
  const info = parseMasterInfo(alluxio('3-read.info.json'));
  store.set({ kind: 'alluxioStatus', release: ALLUXIO, path: '' }, { ...info, source: 'rest' });
  const cap = tree.node(id(ALLUXIO, 'capacity'))!;
  assert.match(cap.description, new RegExp(`used \\(\\d+\\.\\d%\\) · Alluxio ${info.version!.replace(/\./g, '\\.')}`));
  assert.deepEqual(
    tree.children(id(ALLUXIO, 'capacity')).map((t) => tree.node(t)!.label),
    info.tiers.map((t) => t.alias),
  );
  const workers = tree.node(id(ALLUXIO, 'workers'))!;
  assert.equal(workers.description, `${info.workers.length} live`);
  assert.equal(workers.state, 'ok');
  const mounts = tree.children(id(ALLUXIO, 'mounts')).map((m) => tree.node(m)!);
  assert.deepEqual(
    mounts.map((m) => m.label),
    info.mounts.map((m) => m.alluxioPath),
  );
  assert.deepEqual(
    mounts.map((m) => m.description),
    info.mounts.map((m) => `→ ${m.ufsUri}`),
  );
  assert.equal(mounts.find((m) => m.label === '/data')?.dataPath?.path, '/data', 'a mount point can be warmed up');

  const cache = id(ALLUXIO, 'cache');
  const before = tree.node(cache)!;
  assert.match(before.description, /expand to measure/);
  assert.equal(before.dataPath?.path, datasetPathOf('', info.mounts));
  assert.match(before.contextValue, /\bdataFolder\b/);

  const state = cacheStateOf('/data', [
    { path: '/data/a', size: 300, inAlluxio: 300 },
    { path: '/data/b', size: 100, inAlluxio: 0 },
  ]);
  state.cacheCapacity = info.capacity;
  store.set({ kind: 'cache', release: ALLUXIO, path: '' }, { path: '/data', state, hitNote: 'Measuring' });
  const fields = Object.fromEntries(tree.children(cache).map((f) => [tree.node(f)!.label, tree.node(f)!.description]));
  assert.deepEqual(Object.keys(fields), ['cached', 'cacheCapacity', 'cachedPercentage', 'cacheHitRatio', 'files']);
  assert.equal(fields.cached, '300 B');
  assert.equal(fields.cachedPercentage, '75.0% of 400 B');
  assert.equal(fields.cacheHitRatio, 'unknown', 'one sample: unknown, not 0%');
  assert.match(tree.node(cache)!.description, /^\/data · 75\.0% cached$/);

  const m = parseMetricsJson(alluxio('3-read.metrics-json.json')).counters;
  const hit = hitRatio(
    { atMs: 0, counters: { local: 0, remote: 0, ufs: 0 } },
    { atMs: 60_000, counters: m },
    'remoteIncludesUfs',
  );
  store.set({ kind: 'cache', release: ALLUXIO, path: '' }, { path: '/data', state, hit });
  const ratio = tree.node(tree.children(cache)[3])!.description;
  assert.match(ratio, /^\d+\.\d% \(local \d+\.\d%, remote \d+\.\d%, UFS \d+\.\d%\)$/);
  const negative = hitRatio({ atMs: 0, counters: m }, { atMs: 60_000, counters: { ...m, local: 0 } });
  store.set({ kind: 'cache', release: ALLUXIO, path: '' }, { path: '/data', state, hit: negative });
  assert.equal(tree.node(tree.children(cache)[3])!.description, 'unknown', 'counters going back: unknown');
});

test('Alluxio folders show "% in Alluxio" per file and for the files listed in the folder', () => {
  const { store, tree } = setup();
  const page = parseBrowse(alluxio('2-loaded.webui_browse.json'), '/data/MNIST/raw');
  assert.equal(page.kind, 'page');
  if (page.kind !== 'page') return;
  store.set(
    { kind: 'alluxioList', release: ALLUXIO, path: '/data/MNIST/raw' },
    { entries: page.entries, total: page.entries.length },
  );
  const folder = id(ALLUXIO, 'files', '/data/MNIST/raw');
  store.set(
    { kind: 'alluxioList', release: ALLUXIO, path: '/data/MNIST' },
    { entries: [{ path: '/data/MNIST/raw', name: 'raw', isDir: true }], total: 1 },
  );
  const n = tree.node(folder)!;
  assert.match(n.description, /^\d+ items · \d+\.\d% in Alluxio$/);
  assert.equal(n.dataPath?.product, 'alluxio');
  const files = tree.children(folder).map((f) => tree.node(f)!);
  assert.equal(files.length, page.entries.length);
  for (const f of files) assert.match(f.description, /· (\d+%|unknown) in Alluxio$/);
});

test('the dataset path: the setting, else the one mount other than /, else /', () => {
  const mount = (alluxioPath: string) => ({ alluxioPath, ufsUri: 'hdfs://x' });
  assert.equal(datasetPathOf('data/MNIST', [mount('/')]), '/data/MNIST');
  assert.equal(datasetPathOf('', [mount('/'), mount('/data')]), '/data');
  assert.equal(datasetPathOf('', [mount('/')]), '/');
  assert.equal(datasetPathOf('', undefined), '/');
});

test('the store keeps a bounded number of resources, and a reload keeps the shown value', () => {
  const store = new DataStore();
  for (let i = 0; i <= MAX_ENTRIES; i++)
    store.set({ kind: 'hdfsList', release: HDFS, path: `/p${i}` }, hdfsListing([]));
  assert.equal(store.size, MAX_ENTRIES);
  assert.equal(store.get({ kind: 'hdfsList', release: HDFS, path: '/p0' }), undefined, 'the oldest was dropped');
  const key = { kind: 'hdfsList' as const, release: HDFS, path: `/p${MAX_ENTRIES}` };
  store.loading(key);
  assert.equal(store.get(key)?.status, 'ok');
});
