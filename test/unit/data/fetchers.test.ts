import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  browseAlluxio,
  detectWarmUp,
  fetchAlluxioStatus,
  fetchCacheState,
  fetchClusterMetrics,
} from '../../../src/k8s/data/alluxio-fetch';
import { fetchHdfsStatus, hdfsContentSummary, listHdfs } from '../../../src/k8s/data/hdfs-fetch';
import { runInPod } from '../../../src/k8s/data/pod-exec';
import { getFromPod } from '../../../src/k8s/data/pod-http';
import { ClusterError, type ExecIO } from '../../../src/k8s/cluster-client';
import { alluxio, alluxioShell, hadoop, hadoopShell } from './fixtures';
import { LocalForwardClusterClient, serve } from '../../doubles/local-forward-cluster-client';

const NS = 'default';
const MASTER = { namespace: NS, pod: 'alluxio-master-0', container: 'alluxio-master' };
let alluxioServer: Awaited<ReturnType<typeof serve>>;
let namenode: Awaited<ReturnType<typeof serve>>;

before(async () => {
  alluxioServer = await serve({
    '/api/v1/master/info': alluxio('3-read.info.json'),
    '/metrics/json/': alluxio('3-read.metrics-json.json'),
    '/api/v1/master/webui_browse?path=%2Fdata%2FMNIST%2Fraw&offset=0&limit=100': alluxio('2-loaded.webui_browse.json'),
    '/big': 'x'.repeat(100_000),
  });
  namenode = await serve({
    '/jmx?qry=Hadoop:service=NameNode,name=FSNamesystemState': hadoop('jmx.FSNamesystemState.dead-datanode.json'),
    '/jmx?qry=Hadoop:service=NameNode,name=NameNodeInfo': hadoop('jmx.NameNodeInfo.dead-datanode.json'),
    '/webhdfs/v1/data/MNIST/raw?op=LISTSTATUS': hadoop('webhdfs.LISTSTATUS.raw.json'),
    '/webhdfs/v1/data?op=GETCONTENTSUMMARY': hadoop('webhdfs.GETCONTENTSUMMARY.data.json'),
    '/webhdfs/v1/no/such/path?op=LISTSTATUS': { status: 404, body: hadoop('webhdfs.LISTSTATUS.missing.json') },
  });
});
after(async () => {
  await alluxioServer.close();
  await namenode.close();
});

function alluxioCluster(): LocalForwardClusterClient {
  const c = new LocalForwardClusterClient();
  c.forwards.set(`${NS}/alluxio-master-0:19999`, alluxioServer.port);
  return c;
}

/** Answers exec like the 2.9.6 shell did, from the captured output. */
function shell(answers: Record<string, { out: string; err?: string; code?: number }>) {
  return async (_pod: string, command: string[], io: ExecIO) => {
    const a = answers[command.join(' ')];
    if (!a) return { exitCode: 255, message: 'no such capture' };
    io.onStdout?.(Buffer.from(a.out));
    if (a.err) io.onStderr?.(Buffer.from(a.err));
    return { exitCode: a.code ?? 0, message: '' };
  };
}

test('Alluxio status from REST through the port-forward, which is closed afterwards', async () => {
  const c = alluxioCluster();
  const r = await fetchAlluxioStatus(c, MASTER);
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.value.source, 'rest');
  assert.equal(r.value.version, '2.9.6');
  assert.equal(r.value.workers.length, 1);
  assert.deepEqual(c.forwarded, [`${NS}/alluxio-master-0:19999`]);
  assert.deepEqual(c.disposedForwards, [alluxioServer.port]);
});

test('REST port not listening: the shell by exec answers instead, and says why', async () => {
  const c = new LocalForwardClusterClient();
  c.execHandler = shell({
    'alluxio fsadmin report': { out: alluxioShell('report.loaded.txt') },
    'alluxio fsadmin report capacity': { out: alluxioShell('report-capacity.loaded.txt') },
  });
  const r = await fetchAlluxioStatus(c, MASTER);
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.value.source, 'shell');
  assert.match(r.value.restError ?? '', /connection through the port-forward .* failed \(ECONNREFUSED\)/);
  assert.equal(r.value.version, '2.9.6');
  assert.equal(r.value.workers[0].host, '127.0.0.1');
});

test('exec forbidden (403): the error names the permission pods/exec', async () => {
  const c = new LocalForwardClusterClient();
  c.execError = new ClusterError('forbidden', 'pods', NS, 'pods "alluxio-master-0" is forbidden', '');
  const r = await fetchAlluxioStatus(c, MASTER);
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.error.kind, 'forbidden');
  assert.match(!r.ok ? r.error.hint : '', /create pods\/exec in namespace default/);
});

test('port-forward forbidden (403) names pods/portforward; a missing endpoint (404) is "missing"', async () => {
  const c = alluxioCluster();
  c.forwardError = new ClusterError('forbidden', 'pods', NS, 'forbidden', '');
  const denied = await getFromPod(c, { namespace: NS, pod: 'alluxio-master-0', port: 19999 }, '/x', 'test');
  assert.ok(!denied.ok && denied.error.kind === 'forbidden');
  assert.match(!denied.ok ? denied.error.hint : '', /pods\/portforward/);
  c.forwardError = undefined;
  const missing = await getFromPod(c, { namespace: NS, pod: 'alluxio-master-0', port: 19999 }, '/api/v1/nope', 'test');
  assert.ok(!missing.ok && missing.error.kind === 'missing', JSON.stringify(missing));
  assert.match(!missing.ok ? missing.error.message : '', /HTTP 404/);
});

test('a server that never answers times out; a cancelled request is aborted; a huge answer is refused', async () => {
  const c = alluxioCluster();
  const target = { namespace: NS, pod: 'alluxio-master-0', port: 19999 };
  const slow = await getFromPod(c, target, '/hang', 'test', { timeoutMs: 300 });
  assert.ok(!slow.ok && slow.error.kind === 'timeout', JSON.stringify(slow));
  const ac = new AbortController();
  const pending = getFromPod(c, target, '/hang', 'test', { signal: ac.signal });
  ac.abort();
  const cancelled = await pending;
  assert.ok(!cancelled.ok && cancelled.error.kind === 'aborted');
  const big = await getFromPod(c, target, '/big', 'test', { maxBytes: 1000 });
  assert.ok(!big.ok && big.error.kind === 'badAnswer');
  assert.equal(c.disposedForwards.length, 3);
});

test('cluster metrics from /metrics/json/', async () => {
  const r = await fetchClusterMetrics(alluxioCluster(), MASTER);
  assert.ok(r.ok);
  assert.deepEqual(r.value.counters, { local: 19949907, remote: 25165824, ufs: 25165824, domain: 0 });
});

test('cache state by exec: du first; ls -R when du fails; a missing path says so', async () => {
  const c = new LocalForwardClusterClient();
  c.execHandler = shell({ 'alluxio fs du /data/MNIST/raw': { out: alluxioShell('du-files.loaded.txt') } });
  const du = await fetchCacheState(c, MASTER, '/data/MNIST/raw');
  assert.ok(du.ok);
  assert.deepEqual([du.value.cachedPercentage, du.value.exact, du.value.files], [100, true, 4]);

  c.execHandler = shell({
    'alluxio fs du /data': { out: '', err: 'boom', code: 255 },
    'alluxio fs ls -R /data': { out: alluxioShell('ls-R.loaded.txt') },
  });
  const ls = await fetchCacheState(c, MASTER, '/data');
  assert.ok(ls.ok);
  assert.equal(ls.value.exact, false);
  assert.equal(ls.value.files, 6);

  c.execHandler = shell({
    'alluxio fs du /nope': { out: 'Path "/nope" does not exist.', code: 255 },
    'alluxio fs ls -R /nope': { out: '', err: 'ls: Path "/nope" does not exist.', code: 255 },
  });
  const none = await fetchCacheState(c, MASTER, '/nope');
  assert.ok(!none.ok && none.error.kind === 'missing');
});

test('warm-up detection: 2.9.6’s shell has load --submit', async () => {
  const c = new LocalForwardClusterClient();
  c.execHandler = shell({ 'alluxio fs': { out: alluxioShell('distributedLoad.raw.txt'), code: 255 } });
  const r = await detectWarmUp(c, MASTER);
  assert.ok(r.ok && r.value === 'submit');
});

test('exec: a missing program, a timeout and a flood are typed errors; cancel reaches the command', async () => {
  const c = new LocalForwardClusterClient();
  const none = await runInPod(c, MASTER, ['alluxio', 'fs'], 'test');
  assert.ok(!none.ok && none.error.kind === 'missing');
  let sawAbort = false;
  c.execHandler = (_pod, _cmd, io) =>
    new Promise((_resolve, reject) =>
      io.signal?.addEventListener('abort', () => {
        sawAbort = true;
        reject(new Error('connection closed'));
      }),
    );
  const slow = await runInPod(c, MASTER, ['sleep', '1000'], 'test', { timeoutMs: 200 });
  assert.ok(!slow.ok && slow.error.kind === 'timeout');
  assert.equal(sawAbort, true);
  c.execHandler = async (_pod, _cmd, io) => {
    for (let i = 0; i < 100 && !io.signal?.aborted; i++) io.onStdout?.(Buffer.alloc(1024, 'a'));
    if (io.signal?.aborted) throw new Error('closed');
    return { exitCode: 0, message: '' };
  };
  const flood = await runInPod(c, MASTER, ['yes'], 'test', { maxBytes: 10 * 1024 });
  assert.ok(!flood.ok && flood.error.kind === 'badAnswer');
});

test('HDFS: 9870 refused, 50070 answers (Hadoop 2 port); one live and one dead datanode', async () => {
  const c = new LocalForwardClusterClient();
  c.forwards.set(`${NS}/hdfs-namenode-0:50070`, namenode.port);
  const r = await fetchHdfsStatus(c, { namespace: NS, pod: 'hdfs-namenode-0' });
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(c.forwarded, [`${NS}/hdfs-namenode-0:9870`, `${NS}/hdfs-namenode-0:50070`]);
  assert.deepEqual(
    [r.value.source, r.value.httpPort, r.value.liveDatanodes, r.value.deadDatanodes],
    ['jmx', 50070, 1, 1],
  );
  assert.equal(r.value.version, '3.3.6');
});

test('HDFS: no HTTP port answers, dfsadmin -report by exec in the client pod does', async () => {
  const c = new LocalForwardClusterClient();
  c.execHandler = shell({ 'hdfs dfsadmin -report': { out: hadoopShell('dfsadmin-report.txt') } });
  const r = await fetchHdfsStatus(c, { namespace: NS, pod: 'hdfs-namenode-0' }, { namespace: NS, pod: 'hdfs-client' });
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.value.source, 'shell');
  assert.equal(r.value.liveDatanodes, 2);
});

test('WebHDFS through the forward: a listing, a summary, and a missing path', async () => {
  const c = new LocalForwardClusterClient();
  c.forwards.set(`${NS}/hdfs-namenode-0:9870`, namenode.port);
  const nn = { namespace: NS, pod: 'hdfs-namenode-0', httpPort: 9870 };
  const list = await listHdfs(c, nn, '/data/MNIST/raw');
  assert.ok(list.ok);
  assert.equal(list.value.length, 4);
  const sum = await hdfsContentSummary(c, nn, '/data');
  assert.ok(sum.ok && sum.value.length === 11594722);
  const missing = await listHdfs(c, nn, '/no/such/path');
  assert.ok(!missing.ok && missing.error.kind === 'missing');
  assert.match(!missing.ok ? missing.error.message : '', /File \/no\/such\/path does not exist/);
});

test('browse one page of an Alluxio folder through the forward', async () => {
  const r = await browseAlluxio(alluxioCluster(), MASTER, '/data/MNIST/raw', { offset: 0, limit: 100 });
  assert.ok(r.ok && r.value.kind === 'page', JSON.stringify(r));
  assert.equal(r.value.kind === 'page' && r.value.entries.length, 4);
});
