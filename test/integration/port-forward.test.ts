/**
 * Our ClusterClient's portForward, as the data views use it (PodHttp, getFromPod), through the real
 * API server and KWOK: to the real Alluxio master (port 19999 of alluxio-master-0) and the real
 * namenode (50070 and 9870 of hdfs-namenode-0), several forwards at once, a few MB in one answer,
 * a port the pod does not forward, and the API server's count of open port-forwards after dispose.
 * The few-MB answers come from a byte server started here (KWOK's PortForward sends a pod port to it):
 * the forward is what is tested, not that server.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { ClusterClient } from '../../src/k8s/cluster-client';
import { getFromPod, PodHttp, type PodPort } from '../../src/k8s/data/pod-http';
import { loadKubeModule } from '../../src/k8s/load';
import { repoDir } from '../fixtures/apply/sandbox-deps';
import { waitFor } from '../support/wait';
import { kubectl, sandboxInfo, type SandboxInfo } from './sandbox';

const NS = 'adl-port-forward';
const BULK_POD = 'bulk-0';
const BULK_PORT = 8080;
const MASTER: PodPort = { namespace: 'default', pod: 'alluxio-master-0', port: 19999 };
const namenode = (port: number): PodPort => ({ namespace: 'default', pod: 'hdfs-namenode-0', port });
const BULK: PodPort = { namespace: NS, pod: BULK_POD, port: BULK_PORT };
const sha = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/** Open port-forward requests at the API server (its apiserver_longrunning_requests gauge). */
async function openForwards(info: SandboxInfo): Promise<number> {
  const text = await new Promise<string>((resolve, reject) =>
    execFile(
      info.kubectl,
      ['get', '--raw', '/metrics'],
      { env: { ...process.env, KUBECONFIG: info.kubeconfig }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) =>
        err ? reject(new Error(`kubectl get --raw /metrics: ${stderr || err.message}`)) : resolve(stdout),
    ),
  );
  return text
    .split('\n')
    .filter((l) => l.startsWith('apiserver_longrunning_requests{') && l.includes('subresource="portforward"'))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

suite('port-forward: ClusterClient through the API server and KWOK to real Alluxio and HDFS (sandbox)', function () {
  this.timeout(300_000);
  let info: SandboxInfo;
  let client: ClusterClient;
  let bulkServer: http.Server;
  /** 4 MB of text, the byte server's answer to /bulk */
  const bulk = crypto.randomBytes(3 * 1024 * 1024).toString('base64');

  suiteSetup(async () => {
    info = sandboxInfo();
    client = loadKubeModule(path.join(repoDir(), 'dist')).createClusterClient({
      kubeconfigFiles: [info.kubeconfig],
      context: info.context,
    });
    bulkServer = http.createServer((req, res) => {
      if (req.url !== '/bulk') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(bulk) }).end(bulk);
    });
    await new Promise<void>((resolve) => bulkServer.listen(0, '127.0.0.1', resolve));
    const target = (bulkServer.address() as AddressInfo).port;
    const manifest = [
      `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${NS} }`,
      `apiVersion: v1\nkind: Pod\nmetadata: { name: ${BULK_POD}, namespace: ${NS} }\nspec:\n  nodeName: kwok-hdfs-0\n  tolerations: [{ operator: Exists }]\n  containers: [{ name: web, image: busybox, ports: [{ containerPort: ${BULK_PORT} }] }]`,
      `apiVersion: kwok.x-k8s.io/v1alpha1\nkind: PortForward\nmetadata: { name: ${BULK_POD}, namespace: ${NS} }\nspec:\n  forwards: [{ ports: [${BULK_PORT}], target: { address: 127.0.0.1, port: ${target} } }]`,
    ].join('\n---\n');
    // the namespace's default service account appears a moment after the namespace
    await waitFor('the bulk pod and its PortForward applied', () => kubectl(info, ['apply', '-f', '-'], manifest), {
      timeoutMs: 60_000,
      intervalMs: 500,
    });
    await waitFor(
      `${NS}/${BULK_POD} Running`,
      async () =>
        (await kubectl(info, ['get', 'pod', '-n', NS, BULK_POD, '-o', 'jsonpath={.status.phase}'])) === 'Running',
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    // KWOK learns of the PortForward through its informer
    await waitFor(
      'KWOK serving the bulk PortForward',
      async () => (await getFromPod(client, BULK, '/bulk', 'bulk')).ok,
      {
        timeoutMs: 60_000,
        intervalMs: 500,
      },
    );
  });

  suiteTeardown(async () => {
    client?.dispose();
    bulkServer?.close();
    if (info)
      await kubectl(info, ['delete', 'namespace', NS, '--wait=false', '--ignore-not-found']).catch(() => undefined);
  });

  test('GET /api/v1/master/info on alluxio-master-0:19999 and /jmx on hdfs-namenode-0:50070 and :9870', async () => {
    const master = await getFromPod(client, MASTER, '/api/v1/master/info', 'Alluxio master');
    assert.ok(master.ok, JSON.stringify(master));
    const info = JSON.parse(master.value) as { version?: string; workers?: unknown[] };
    assert.match(info.version ?? '', /^2\.9\./, 'the real Alluxio 2.9 answered');
    assert.ok(Array.isArray(info.workers) && info.workers.length >= 1, 'with its worker');
    for (const port of [50070, 9870]) {
      const jmx = await getFromPod(client, namenode(port), '/jmx', `namenode :${port}`);
      assert.ok(jmx.ok, JSON.stringify(jmx));
      const beans = (JSON.parse(jmx.value) as { beans: { name: string }[] }).beans.map((b) => b.name);
      assert.ok(beans.includes('Hadoop:service=NameNode,name=NameNodeInfo'), `namenode beans on :${port}`);
    }
  });

  test('eight forwards at once, and four GETs at once on one forward, all answered', async () => {
    const targets = [MASTER, namenode(50070), MASTER, namenode(9870), MASTER, namenode(50070), BULK, BULK];
    const answers = await Promise.all(
      targets.map((t) =>
        getFromPod(client, t, t.port === 19999 ? '/api/v1/master/info' : t === BULK ? '/bulk' : '/jmx', t.pod),
      ),
    );
    for (const [i, a] of answers.entries())
      assert.ok(a.ok, `${targets[i]!.pod}:${targets[i]!.port}: ${JSON.stringify(a)}`);
    const opened = await PodHttp.open(client, MASTER, 'Alluxio master');
    assert.ok(opened.ok, JSON.stringify(opened));
    try {
      const same = await Promise.all(
        ['/api/v1/master/info', '/metrics/json/', '/api/v1/master/info', '/metrics/json/'].map((p) =>
          opened.value.get(p, 'Alluxio master'),
        ),
      );
      for (const a of same) {
        assert.ok(a.ok, JSON.stringify(a));
        JSON.parse(a.value);
      }
    } finally {
      opened.value.dispose();
    }
  });

  test('a 4 MB answer arrives intact, alone and three at once', async () => {
    const one = await getFromPod(client, BULK, '/bulk', 'bulk');
    assert.ok(one.ok, JSON.stringify(one).slice(0, 500));
    assert.equal(one.value.length, bulk.length);
    assert.equal(sha(one.value), sha(bulk));
    const three = await Promise.all([0, 1, 2].map(() => getFromPod(client, BULK, '/bulk', 'bulk')));
    for (const a of three) {
      assert.ok(a.ok, JSON.stringify(a).slice(0, 500));
      assert.equal(sha(a.value), sha(bulk));
    }
  });

  test("a port the pod does not forward fails with the server's reason, not a timeout", async () => {
    const r = await getFromPod(client, { ...MASTER, port: 12345 }, '/', 'Alluxio master', { timeoutMs: 120_000 });
    assert.ok(!r.ok, 'no answer from a port nobody forwards');
    assert.equal(r.error.kind, 'refused', JSON.stringify(r.error));
    assert.match(r.error.message, /no forward found for port 12345/);
  });

  test('disposed forwards leave no port-forward open at the API server', async () => {
    // background refreshes of the explorer may hold a forward for a moment: wait for the count to settle
    const before = await openForwards(info);
    const opened = await Promise.all(
      [MASTER, MASTER, namenode(50070), BULK].map((t) => PodHttp.open(client, t, t.pod)),
    );
    const paths = ['/api/v1/master/info', '/metrics/json/', '/jmx', '/bulk'];
    for (const [i, o] of opened.entries()) {
      assert.ok(o.ok, JSON.stringify(o));
      const got = await o.value.get(paths[i]!, 'x');
      assert.ok(got.ok, JSON.stringify(got).slice(0, 500));
    }
    assert.ok((await openForwards(info)) >= opened.length, 'the API server counts the open forwards');
    for (const o of opened) if (o.ok) o.value.dispose();
    await waitFor(
      () => `the API server's open port-forwards back to ${before}`,
      async () => (await openForwards(info)) <= before,
      { timeoutMs: 30_000, intervalMs: 500 },
    );
  });
});
