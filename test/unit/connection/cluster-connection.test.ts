import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { ClusterConnection, type ConnectionChange } from '../../../src/connection/cluster-connection';
import type { ClientOptions, ClusterClient } from '../../../src/k8s/cluster-client';
import { MemoryStore } from '../../doubles/memory-store';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adl-connection-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function kubeconfig(name: string, current: string, contexts: [string, string][]): string {
  const file = path.join(dir, name);
  const body = contexts.map(([c, cluster]) => `- name: ${c}\n  context: {cluster: ${cluster}, user: u}`).join('\n');
  fs.writeFileSync(file, `current-context: ${current}\ncontexts:\n${body}\n`);
  return file;
}

/** Records the clients the connection creates (the real bundle needs a cluster; this is our own interface). */
function recordingBundle() {
  const created: (ClientOptions & { disposed: boolean })[] = [];
  const bundle = {
    createClusterClient(o: ClientOptions): ClusterClient {
      const rec = { ...o, disposed: false };
      created.push(rec);
      return { context: o.context, user: 'u', dispose: () => (rec.disposed = true) } as unknown as ClusterClient;
    },
    createPodLogStreamer: (o: ClientOptions) => ({ context: o.context, user: 'u', stream: async () => undefined }),
  };
  return { created, bundle };
}

function connection(files: string[], store = new MemoryStore()) {
  const { created, bundle } = recordingBundle();
  const conn = new ClusterConnection({
    kubeconfigSetting: () => '',
    state: store,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    env: { KUBECONFIG: files.join(path.delimiter) },
    home: dir,
    watchFiles: false,
    loadKube: () => bundle,
  });
  const changes: ConnectionChange[] = [];
  conn.onDidChange((c) => changes.push(c));
  return { conn, created, changes, store };
}

test('one shared client for every feature; a context switch replaces it and fires one change', async () => {
  const a = kubeconfig('a', 'dev', [
    ['dev', 'c1'],
    ['prod', 'c2'],
  ]);
  const { conn, created, changes } = connection([a]);
  conn.reload();
  assert.equal(conn.context, 'dev');
  assert.equal(conn.namespace, 'default');
  const first = await conn.client();
  assert.equal(await conn.client(), first, 'the explorer, logs and apply share one client');
  assert.equal(created.length, 1);
  await conn.useContext('prod');
  assert.equal(conn.context, 'prod');
  assert.equal(created[0].disposed, true, 'the old client is closed when nobody holds it');
  assert.equal((await conn.client()).context, 'prod');
  assert.deepEqual(
    changes.map((c) => [c.moved, c.target.context]),
    [
      [true, 'dev'],
      [true, 'prod'],
    ],
  );
});

test('a retained handle (a followed job) outlives a context switch and closes on its release', async () => {
  const a = kubeconfig('b', 'dev', [
    ['dev', 'c1'],
    ['prod', 'c2'],
  ]);
  const { conn, created } = connection([a]);
  conn.reload();
  const handle = conn.acquire().retain();
  await conn.useContext('prod');
  assert.equal(created[0].disposed, false, 'still followed');
  handle.release();
  assert.equal(created[0].disposed, true);
});

test('namespace and context are persisted; the kubeconfig is never written', async () => {
  const a = kubeconfig('c', 'dev', [['dev', 'c1']]);
  const before = fs.readFileSync(a, 'utf8');
  const store = new MemoryStore();
  const one = connection([a], store);
  one.conn.reload();
  await one.conn.useNamespace('team-a');
  const two = connection([a], store);
  two.conn.reload();
  assert.equal(two.conn.namespace, 'team-a');
  assert.equal(fs.readFileSync(a, 'utf8'), before);
});

test('contexts of the same name in two files stay distinguishable; the later one is read from its own file', async () => {
  const a = kubeconfig('d1', 'shared', [['shared', 'c1']]);
  const b = kubeconfig('d2', 'shared', [['shared', 'c2']]);
  const { conn, created } = connection([a, b]);
  conn.reload();
  const entries = conn.contexts.filter((c) => c.name === 'shared');
  assert.deepEqual(
    entries.map((c) => [c.file, c.cluster, c.shadowed]),
    [
      [a, 'c1', false],
      [b, 'c2', true],
    ],
  );
  await conn.client();
  assert.deepEqual(created[0].kubeconfigFiles, [a, b], 'the first one: both files merged, as kubectl does');
  assert.deepEqual(
    conn.toolTarget(),
    { kubeconfig: undefined, kubeContext: 'shared', env: {} },
    'helm reads KUBECONFIG',
  );
  await conn.useContext('shared', b);
  await conn.client();
  assert.deepEqual(created[1].kubeconfigFiles, [b], 'the shadowed one: only its own file');
  assert.equal(conn.currentEntry?.file, b);
  assert.deepEqual(conn.toolTarget(), { kubeconfig: b, kubeContext: 'shared', env: {} }, 'helm is pointed at its file');
});

test('chosen kubeconfig files replace KUBECONFIG until the default is asked for again', async () => {
  const a = kubeconfig('e1', 'dev', [['dev', 'c1']]);
  const b = kubeconfig('e2', 'other', [['other', 'c9']]);
  const { conn } = connection([a]);
  conn.reload();
  await conn.useKubeconfigFiles([b]);
  assert.equal(conn.kubeconfig.origin, 'chosen');
  assert.equal(conn.context, 'other');
  assert.deepEqual(conn.toolTarget(), { kubeconfig: b, kubeContext: 'other', env: {} });
  await conn.useKubeconfigFiles(undefined);
  assert.equal(conn.context, 'dev');
  assert.equal(conn.kubeconfig.origin, 'KUBECONFIG');
});

test('no kubeconfig: a clear error naming where it looked and what to do', async () => {
  const { conn } = connection([path.join(dir, 'missing')]);
  conn.reload();
  await assert.rejects(conn.client(), /No kubeconfig found \(looked at .*missing\).*Choose kubeconfig file/);
});

test('a kubeconfig changed on disk is noticed: a new context appears, the client is recreated', async () => {
  const f = kubeconfig('w', 'dev', [['dev', 'c1']]);
  const { created, bundle } = recordingBundle();
  const conn = new ClusterConnection({
    kubeconfigSetting: () => f,
    state: new MemoryStore(),
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    loadKube: () => bundle,
  });
  try {
    const changed = new Promise<ConnectionChange>((resolve) => {
      conn.reload();
      conn.onDidChange(resolve);
    });
    await conn.client();
    kubeconfig('w', 'dev', [
      ['dev', 'c1'],
      ['new', 'c3'],
    ]);
    // The watch does not keep a process alive (the editor's does): a deadline both waits and bounds the wait.
    let deadline: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      deadline = setTimeout(() => reject(new Error('the change on disk was not noticed within 10 s')), 10_000);
    });
    const change = await Promise.race([changed, timeout]).finally(() => clearTimeout(deadline));
    assert.equal(change.moved, false, 'same context');
    assert.ok(conn.contexts.some((c) => c.name === 'new'));
    assert.equal(created[0].disposed, true, 'a rotated certificate or token takes a new client');
  } finally {
    conn.dispose();
  }
});
