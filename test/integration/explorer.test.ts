// The cluster explorer against the sandbox (a real kube-apiserver 1.36 with KWOK nodes and the PyTorch-on-HDFS guide's
// Helm releases and training job preloaded). Runs in the extension host; fails without ALLUXIO_DL_SANDBOX.
// The tree is read through the `alluxioDl.explorer.snapshot` command: the model the view renders.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { dump, load } from 'js-yaml';
import * as vscode from 'vscode';
import { kubectl, sandboxInfo, type SandboxInfo } from './sandbox';
import { waitFor } from '../support/wait';

interface Snapshot {
  state: string;
  context: string;
  namespace: string;
  watching: boolean;
  nodes: { id: string; label: string; description: string; contextValue: string; tooltip: string; command?: string }[];
}

/** The code spans of a Markdown tooltip: what a user selects and copies from it. */
function codeSpans(markdown: string): string[] {
  return [...markdown.matchAll(/(`+)(.+?)\1/g)].map((m) => m[2].trim());
}

async function snapshot(): Promise<Snapshot> {
  return (await vscode.commands.executeCommand('alluxioDl.explorer.snapshot')) as Snapshot;
}

/** Polls the explorer's snapshot until `pred` holds; the timeout error lists the ids of the last tree seen. */
async function waitForTree(what: string, pred: (s: Snapshot) => boolean, ms = 20_000): Promise<Snapshot> {
  let seen: Snapshot | undefined;
  return waitFor(
    () => `${what}; tree: ${JSON.stringify((seen?.nodes ?? []).map((n) => n.id)).slice(0, 2000)}`,
    async () => {
      seen = await snapshot();
      return pred(seen) && seen;
    },
    { timeoutMs: ms, intervalMs: 20 },
  );
}

/** Waits until the active text editor is one `pred` accepts, and returns it. */
const activeEditor = (what: string, pred: (e: vscode.TextEditor) => boolean) =>
  waitFor(
    what,
    () => {
      const e = vscode.window.activeTextEditor;
      return e && pred(e) ? e : undefined;
    },
    { timeoutMs: 10_000, intervalMs: 20 },
  );

const has = (s: Snapshot, id: string) => s.nodes.some((n) => n.id === id);
const find = (s: Snapshot, id: string) => s.nodes.find((n) => n.id === id);

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const srv = http.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/**
 * One kubeconfig with four contexts: the sandbox's admin and restricted viewer, a bad token (401)
 * and a server that is not running (unreachable).
 */
function contextsKubeconfig(sb: SandboxInfo, downPort: number): string {
  const admin = load(fs.readFileSync(sb.kubeconfig, 'utf8')) as any;
  const viewer = load(fs.readFileSync(sb.restrictedKubeconfig, 'utf8')) as any;
  const cluster = admin.clusters[0];
  const adminUser = admin.users[0];
  const viewerUser = viewer.users[0];
  const merged = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      cluster,
      { name: 'down', cluster: { server: `https://127.0.0.1:${downPort}`, 'insecure-skip-tls-verify': true } },
    ],
    users: [adminUser, viewerUser, { name: 'bad-token', user: { token: 'not-a-valid-token' } }],
    contexts: [
      { name: 'sandbox-admin', context: { cluster: cluster.name, user: adminUser.name, namespace: 'default' } },
      { name: 'sandbox-viewer', context: { cluster: cluster.name, user: viewerUser.name, namespace: 'default' } },
      { name: 'sandbox-bad-token', context: { cluster: cluster.name, user: 'bad-token', namespace: 'default' } },
      { name: 'nothing-there', context: { cluster: 'down', user: 'bad-token', namespace: 'default' } },
    ],
    'current-context': 'sandbox-admin',
  };
  const file = path.join(sb.dir, 'explorer-it-kubeconfig');
  fs.writeFileSync(file, dump(merged));
  return file;
}

suite('Cluster explorer (sandbox)', function () {
  const sb = sandboxInfo();
  let previous: string | undefined;

  suiteSetup(async function () {
    const config = vscode.workspace.getConfiguration('alluxioDl');
    previous = config.inspect<string>('kubeconfig')?.globalValue;
    await config.update('kubeconfig', contextsKubeconfig(sb, await closedPort()), vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('alluxioDl.explorer.focus');
    await vscode.commands.executeCommand('alluxioDl.switchContext', 'sandbox-admin');
    await vscode.commands.executeCommand('alluxioDl.switchNamespace', 'default');
  });

  setup(async function () {
    await vscode.commands.executeCommand('alluxioDl.switchContext', 'sandbox-admin');
  });

  suiteTeardown(async () => {
    if (!sb) return;
    await vscode.workspace
      .getConfiguration('alluxioDl')
      .update('kubeconfig', previous, vscode.ConfigurationTarget.Global);
  });

  test('the seed workload appears: HDFS, Alluxio with its cache and UFS link, the training job, nodes with the dataset label', async () => {
    // Kinds arrive in any order: the UFS link needs both the Helm release and the namenode Service.
    const s = await waitForTree(
      'the preloaded releases',
      (t) =>
        has(t, 'r:hdfs|default|hdfs') &&
        /→ HDFS hdfs/.test(find(t, 'r:alluxio|default|alluxio>info:ufs')?.description ?? '') &&
        t.nodes.some((n) => n.id.startsWith('j:')),
    );
    assert.equal(s.context, 'sandbox-admin');
    assert.equal(s.state, 'ready');
    assert.ok(s.watching, 'watching while the view is visible');
    assert.match(find(s, 'c:hdfs|default|hdfs|namenode')!.description, /^1\/1 ready/);
    assert.match(find(s, 'r:alluxio|default|alluxio>info:cache')!.description, /MEM/);
    assert.match(find(s, 'r:alluxio|default|alluxio>info:ufs')!.description, /→ HDFS hdfs/);
    assert.ok(
      s.nodes.some((n) => n.id.startsWith('n:') && !n.id.includes('>') && /dataset=mnist/.test(n.description)),
      'a node with the dataset label',
    );
    assert.ok(
      !s.nodes.some((n) => n.id.startsWith('f:')),
      `no failure nodes: ${s.nodes.filter((n) => n.id.startsWith('f:')).map((n) => n.label)}`,
    );
  });

  test('tooltips hold values verbatim in code spans: the Root UFS copies as the real URI', async () => {
    const ufsId = 'r:alluxio|default|alluxio>info:ufs';
    const s = await waitForTree('the Root UFS row', (t) => /→ HDFS/.test(find(t, ufsId)?.description ?? ''));
    const uri = find(s, ufsId)!.description.split(' → ')[0];
    assert.match(uri, /^hdfs:\/\/hdfs-namenode-0\.hdfs-namenode\.default\.svc/);
    assert.ok(codeSpans(find(s, ufsId)!.tooltip).includes(uri), find(s, ufsId)!.tooltip);
    const spans = s.nodes.flatMap((n) => codeSpans(n.tooltip));
    assert.ok(spans.length > 10, `code spans: ${spans.length}`);
    assert.deepEqual(
      spans.filter((c) => c.includes('\\')),
      [],
      'no Markdown escape inside a code span',
    );
  });

  test('Describe opens the object as read-only YAML', async () => {
    const s = await waitForTree('the namenode pod', (t) =>
      t.nodes.some((n) => n.id.startsWith('c:hdfs|default|hdfs|namenode>pod:')),
    );
    const id = s.nodes.find((n) => n.id.startsWith('c:hdfs|default|hdfs|namenode>pod:'))!.id;
    await vscode.commands.executeCommand('alluxioDl.describe', id);
    const editor = await activeEditor('the YAML editor', (e) => e.document.uri.scheme === 'alluxio-dl-k8s');
    assert.equal(editor.document.uri.scheme, 'alluxio-dl-k8s');
    assert.equal(editor.document.languageId, 'yaml');
    assert.match(editor.document.getText(), /^kind: Pod$/m);
    assert.doesNotMatch(editor.document.getText(), /managedFields/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test("Show Events lists the scheduler's events of a pod", async () => {
    const s = await waitForTree('the namenode pod', (t) =>
      t.nodes.some((n) => n.id.startsWith('c:hdfs|default|hdfs|namenode>pod:')),
    );
    const id = s.nodes.find((n) => n.id.startsWith('c:hdfs|default|hdfs|namenode>pod:'))!.id;
    await vscode.commands.executeCommand('alluxioDl.showEvents', id);
    const editor = await activeEditor('the events document', (e) => e.document.uri.path.endsWith('.events.txt'));
    const text = editor.document.getText();
    assert.match(text, /^Events of Pod default\/hdfs-namenode-0/);
    assert.match(text, /Normal\s+Scheduled/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('a pod deleted with kubectl disappears from the tree within a second', async () => {
    const s = await waitForTree('datanode pods', (t) =>
      t.nodes.some((n) => n.id.startsWith('c:hdfs|default|hdfs|datanode>pod:')),
    );
    const id = s.nodes.find((n) => n.id.startsWith('c:hdfs|default|hdfs|datanode>pod:'))!.id;
    const name = id.split('/').pop()!;
    await kubectl(sb!, ['delete', 'pod', name, '--wait=false']);
    const deleted = Date.now();
    await waitForTree(`${name} to disappear`, (t) => !t.nodes.some((n) => n.id.endsWith(`/${name}`)), 5000);
    const took = Date.now() - deleted;
    assert.ok(took < 1000, `gone after ${took} ms`);
  });

  test("an unschedulable pod shows the scheduler's reason, and no Open Web UI", async () => {
    // An Alluxio master of its own release asking for more GPUs than any node has: the real
    // kube-scheduler marks it PodScheduled=False with "Insufficient nvidia.com/gpu".
    const name = 'explorer-it-unsched-0';
    const overrides = {
      spec: {
        containers: [{ name: 'master', image: 'busybox', resources: { limits: { 'nvidia.com/gpu': '64' } } }],
      },
    };
    await kubectl(sb!, [
      'run',
      name,
      '--image=busybox',
      '--labels=app=alluxio,role=alluxio-master,release=explorer-it-unsched',
      `--overrides=${JSON.stringify(overrides)}`,
    ]);
    try {
      const id = `c:alluxio|default|explorer-it-unsched|master>pod:default/${name}`;
      const s = await waitForTree('the scheduler reason on the row', (t) =>
        /Insufficient nvidia\.com\/gpu/.test(find(t, id)?.description ?? ''),
      );
      const row = find(s, id)!;
      assert.match(row.description, /^Unschedulable · /);
      // The tooltip is Markdown: its text, backslash escapes removed, is what the user reads.
      assert.match(row.tooltip.replace(/\\(.)/g, '$1'), /Scheduler: .*Insufficient nvidia\.com\/gpu/);
      assert.doesNotMatch(row.contextValue, /\bwebui\b/, 'never scheduled: no web UI to open');
      assert.doesNotMatch(find(s, 'c:alluxio|default|explorer-it-unsched|master')!.contextValue, /\bwebui\b/);
    } finally {
      await kubectl(sb!, ['delete', 'pod', name, '--wait=false']);
    }
  });

  test('the watches stop while the view is hidden and resume when it is shown', async () => {
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitForTree('watches to stop', (t) => !t.watching, 5000);
    await kubectl(sb!, [
      'run',
      'explorer-it-hidden',
      '--image=busybox',
      '--labels=app=hdfs-client,release=hdfs',
      '--overrides={"spec":{"nodeName":"kwok-hdfs-0"}}',
    ]);
    await vscode.commands.executeCommand('alluxioDl.explorer.focus');
    await waitForTree(
      'the pod created while hidden',
      (t) => t.watching && t.nodes.some((n) => n.id.endsWith('/explorer-it-hidden')),
    );
    await kubectl(sb!, ['delete', 'pod', 'explorer-it-hidden', '--wait=false']);
  });

  test('the watch survives an apiserver restart', async () => {
    await waitForTree('the tree', (t) => has(t, 'r:hdfs|default|hdfs'));
    const res = await fetch(`${sb!.control}/restart-apiserver`, { method: 'POST' });
    assert.equal(res.status, 200, await res.text());
    await kubectl(sb!, [
      'run',
      'explorer-it-after-restart',
      '--image=busybox',
      '--labels=app=hdfs-client,release=hdfs',
      '--overrides={"spec":{"nodeName":"kwok-hdfs-0"}}',
    ]);
    await waitForTree(
      'the pod created after the restart',
      (t) => t.nodes.some((n) => n.id.endsWith('/explorer-it-after-restart')),
      60_000,
    );
    // Once one kind gets through, the others are retried at once instead of waiting out their backoff.
    await waitForTree('no unreachable node once the server is back', (t) => !has(t, 'f:unreachable'), 10_000); // well under the 30 s backoff; 3 s failed once on a clean CI run while the restarted apiserver warmed up
    await kubectl(sb!, ['delete', 'pod', 'explorer-it-after-restart', '--wait=false']);
  });

  test('switching to the restricted user shows 403 per kind as nodes, and the pods it may list', async () => {
    await vscode.commands.executeCommand('alluxioDl.switchContext', 'sandbox-viewer');
    const s = await waitForTree(
      'forbidden nodes',
      (t) => t.context === 'sandbox-viewer' && t.nodes.some((n) => n.id === 'f:forbidden>f:nodes'),
    );
    assert.equal(
      find(s, 'f:forbidden>f:nodes')!.label,
      'cannot list nodes at cluster scope: forbidden for user alluxio-dl-viewer',
    );
    assert.match(find(s, 'f:forbidden')!.contextValue, /\bretry\b/);
    // Clicking the group expands it (no command); Retry is in its menu. Each kind's row retries on click.
    assert.equal(find(s, 'f:forbidden')!.command, undefined);
    const kinds = s.nodes.filter((n) => n.id.startsWith('f:forbidden>f:'));
    assert.ok(kinds.length > 2, `forbidden kinds: ${kinds.map((n) => n.id)}`);
    for (const k of kinds) assert.equal(k.command, 'alluxioDl.refresh', k.id);
    const names = find(s, 'f:forbidden')!
      .description.replace(/^cannot list /, '')
      .split(', ');
    assert.equal(names.length, kinds.length, find(s, 'f:forbidden')!.description);
    const hint = find(s, 'f:forbidden')!.tooltip.split('\n').pop()!;
    for (const name of names) assert.ok(hint.includes(name), `${name} named in the hint: ${hint}`);
    await waitForTree('pods of the HDFS release (pods are allowed)', (t) =>
      t.nodes.some((n) => n.id.startsWith('c:hdfs|default|hdfs|namenode>pod:')),
    );
    await vscode.commands.executeCommand('alluxioDl.switchContext', 'sandbox-admin');
    await waitForTree(
      'the admin view again',
      (t) =>
        t.context === 'sandbox-admin' &&
        !t.nodes.some((n) => n.id.startsWith('f:')) &&
        has(t, 'r:alluxio|default|alluxio>info:ufs'),
    );
  });

  test('a rejected token shows one "credentials rejected (401)" node', async () => {
    await vscode.commands.executeCommand('alluxioDl.switchContext', 'sandbox-bad-token');
    const s = await waitForTree('the 401 node', (t) => t.context === 'sandbox-bad-token' && has(t, 'f:unauthorized'));
    assert.equal(find(s, 'f:unauthorized')!.label, 'Credentials rejected (401)');
    assert.equal(s.nodes.filter((n) => n.id.startsWith('f:')).length, 1, 'one node, not one per kind');
  });

  test('a cluster that is not running shows "unreachable" with Retry', async () => {
    await vscode.commands.executeCommand('alluxioDl.switchContext', 'nothing-there');
    const s = await waitForTree(
      'the unreachable node',
      (t) => t.context === 'nothing-there' && has(t, 'f:unreachable') && t.state === 'unreachable',
    );
    assert.match(find(s, 'f:unreachable')!.description, /ECONNREFUSED/);
    assert.match(find(s, 'f:unreachable')!.contextValue, /\bretry\b/);
  });

  test("Open Web UI port-forwards to the Alluxio master's port 19999: the real master answers", async () => {
    // The sandbox's Alluxio master pod is backed by a real Alluxio 2.9.6 (KWOK forwards port 19999 of the
    // pod to its web port). Its HTML pages are not in the Maven jars, so its REST API is what we read.
    const id = 'c:alluxio|default|alluxio|master>pod:default/alluxio-master-0';
    const s = await waitForTree('the master pod', (t) => has(t, id));
    assert.match(find(s, id)!.contextValue, /\bwebui\b/);
    const port = (await vscode.commands.executeCommand('alluxioDl.openWebUi', id)) as number;
    assert.ok(port > 0, `local port ${port}`);
    // KWOK serves the forward once its controller has seen it: each connection is a new forward, so
    // retry until one gets through.
    const info = await waitFor(
      "the master's REST API through the forward",
      async () => {
        const r = await fetch(`http://127.0.0.1:${port}/api/v1/master/info`, { signal: AbortSignal.timeout(5000) });
        return r.ok && ((await r.json()) as { version?: string });
      },
      { timeoutMs: 60_000, intervalMs: 20 }, // generous: on a loaded 2-core machine KWOK took over 30 s once
    );
    assert.match(info.version ?? '', /^2\.9\./, JSON.stringify(info).slice(0, 300));
  });
});
