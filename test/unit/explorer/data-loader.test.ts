/**
 * The data loader: fetches when a node is shown or expanded, refreshes on its timer only while the
 * view is visible and only what was shown since the last tick, never under a collapsed node, and makes
 * no request while hidden. The Alluxio master is a local server answering the captured REST answers
 * of a real Alluxio 2.9.6, reached through LocalForwardClusterClient's port-forwards; the clock is manual.
 */
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ClusterModel } from '../../../src/core/model/cluster-model';
import { dataNodeId } from '../../../src/core/model/data-id';
import type { ReleaseKey } from '../../../src/core/model/node-id';
import { ExplorerTree } from '../../../src/core/model/tree';
import { DataLoader } from '../../../src/views/data/data-loader';
import { FakeTimers } from '../../doubles/fake-timers';
import { LocalForwardClusterClient, serve } from '../../doubles/local-forward-cluster-client';
import { waitFor } from '../../support/wait';
import { alluxio } from '../data/fixtures';
import { alluxioLabels, pod } from './objects';

const ALLUXIO: ReleaseKey = { product: 'alluxio', namespace: 'default', release: 'alluxio' };
const CAPACITY = dataNodeId({ release: ALLUXIO, what: 'capacity', arg: '' });
const FILES = dataNodeId({ release: ALLUXIO, what: 'files', arg: '/' });
let server: Awaited<ReturnType<typeof serve>>;

before(async () => {
  server = await serve({
    '/api/v1/master/info': alluxio('3-read.info.json'),
    '/api/v1/master/webui_browse?path=%2F&offset=0&limit=1000': alluxio('1-mounted.webui_browse.json'),
  });
});
after(() => server.close());

function setup() {
  const client = new LocalForwardClusterClient();
  client.forwards.set('default/alluxio-master-0:19999', server.port);
  const model = new ClusterModel();
  model.reset('pods', [pod('alluxio-master-0', { labels: alluxioLabels('master'), node: 'n' })]);
  const timers = new FakeTimers();
  const changed: string[][] = [];
  const ref: { tree?: ExplorerTree } = {};
  const loader = new DataLoader({
    client,
    model,
    settings: () => ({ refreshSeconds: 15, datasetPath: '' }),
    onChanges: (ids) => changed.push(ids),
    parent: (id) => ref.tree?.parent(id),
    timers,
  });
  const tree = (ref.tree = new ExplorerTree(model, loader.context));
  return { client, loader, timers, changed, tree };
}

test('a shown status node fetches once; the tree shows the numbers; the release is told', async () => {
  const { loader, changed, tree } = setup();
  assert.equal(tree.node(CAPACITY)?.description, 'Loading…');
  loader.shown(CAPACITY);
  loader.shown(CAPACITY);
  await waitFor('the status arrives', () => changed.length > 0);
  assert.equal(loader.stats.fetches, 1, 'shown twice, fetched once');
  assert.equal(loader.stats.portForwards, 1);
  assert.ok(changed[0].includes('r:alluxio|default|alluxio'));
  assert.match(tree.node(CAPACITY)!.description, /used \(\d+\.\d%\) · Alluxio 2\.9\.6$/);
});

test('refreshes every 15 s only while visible, only what was shown, nothing under a collapsed node', async () => {
  const { loader, timers, changed } = setup();
  loader.shown(CAPACITY);
  loader.expanded(FILES);
  await waitFor('both arrive', () => changed.length === 2);
  assert.equal(loader.stats.fetches, 2);

  // hidden: no timer, no request, however long
  timers.advance(10 * 60_000);
  assert.equal(loader.stats.fetches, 2);
  assert.equal(timers.pending, 0);

  loader.resume();
  loader.shown(CAPACITY);
  loader.expanded(FILES);
  timers.advance(15_000);
  await waitFor('the refresh arrives', () => changed.length === 4);
  assert.equal(loader.stats.fetches, 4);

  // nothing was shown since that tick (the view re-renders only what changed): nothing is due
  timers.advance(15_000);
  assert.equal(loader.stats.fetches, 4);

  // the release collapsed: what is under it is not refreshed even though it was shown
  loader.shown(CAPACITY);
  loader.collapse('r:alluxio|default|alluxio');
  timers.advance(15_000);
  assert.equal(loader.stats.fetches, 4);

  loader.pause();
  loader.shown(CAPACITY);
  timers.advance(10 * 60_000);
  assert.equal(loader.stats.fetches, 4, 'paused: no request');
  assert.equal(loader.refreshing, false);
});

test('a refused forward is one error row with the fix; Refresh retries it', async () => {
  const { client, loader, changed, tree } = setup();
  client.forwards.delete('default/alluxio-master-0:19999');
  client.execHandler = async () => ({ exitCode: 1, message: 'no shell here' });
  loader.shown(CAPACITY);
  await waitFor('the failure arrives', () => changed.length > 0);
  const kids = tree.children('r:alluxio|default|alluxio');
  const row = kids.find((k) => k.endsWith('#error'));
  assert.ok(row, kids.join());
  assert.match(tree.node(row)!.tooltip, /Fix: /);
  client.forwards.set('default/alluxio-master-0:19999', server.port);
  loader.shown(row);
  loader.refreshNow();
  await waitFor('the retry arrives', () => changed.length > 1);
  assert.ok(tree.children('r:alluxio|default|alluxio').includes(CAPACITY));
});

test('a first load cancelled by hiding the view is not left "Loading…": shown again, it is fetched again', async () => {
  const { loader, changed, tree } = setup();
  loader.resume();
  loader.shown(CAPACITY);
  loader.pause(); // hidden while the first fetch is under way
  assert.ok(
    changed.some((ids) => ids.includes(CAPACITY) || ids.includes('r:alluxio|default|alluxio')),
    'told',
  );
  await new Promise((r) => setImmediate(r));
  assert.equal(loader.stats.fetches, 1);
  // visible again: the view renders the node, which asks for its resource
  loader.resume();
  loader.shown(CAPACITY);
  await waitFor('the status arrives', () => /Alluxio 2\.9\.6$/.test(tree.node(CAPACITY)?.description ?? ''));
  assert.equal(loader.stats.fetches, 2, 'fetched again');
  loader.dispose();
});
