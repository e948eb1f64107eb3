// Hostile kubeconfig files: a "billion laughs" one and an oversized one are refused by both readers
// (the title bar's summary and the client's loader) with the file and the limit named. The node:test
// timeouts are the bound: unbounded work would not finish in them.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { loadMergedKubeConfig } from '../../../src/k8s/kube/kubeconfig';
import { KUBECONFIG_LIMITS, readKubeconfigs } from '../../../src/k8s/kubeconfig';

const GOOD = `apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: c1
  cluster: {server: 'https://127.0.0.1:6443'}
users:
- name: u1
  user: {token: abc}
contexts:
- name: dev
  context: {cluster: c1, user: u1}
`;

/** A kubeconfig whose users list is ten levels of ten aliases each: 10^10 entries once expanded. */
function billionLaughs(): string {
  const lines = ['apiVersion: v1', 'kind: Config', 'current-context: dev', 'l0: &l0 [{name: lol, user: {token: lol}}]'];
  for (let i = 1; i < 10; i++)
    lines.push(
      `l${i}: &l${i} [${Array(10)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  lines.push('users: *l9', 'clusters: *l9', 'contexts: *l9');
  return `${lines.join('\n')}\n`;
}

function dirWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alluxio-dl-kubeconfig-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

test(
  'a billion-laughs kubeconfig is refused, naming the file and the limit; the good file beside it still counts',
  { timeout: 10_000 },
  () => {
    const dir = dirWith({ bomb: billionLaughs(), good: GOOD });
    try {
      const bomb = path.join(dir, 'bomb');
      const m = readKubeconfigs([bomb, path.join(dir, 'good')]);
      assert.deepEqual(m.files, [path.join(dir, 'good')]);
      assert.deepEqual(
        m.contexts.map((c) => c.name),
        ['dev'],
      );
      assert.equal(m.problems.length, 1);
      assert.ok(m.problems[0].startsWith(`${bomb}: `), m.problems[0]);
      assert.match(m.problems[0], /expand to more than 100,000 nodes.*billion laughs/);
      assert.throws(
        () => loadMergedKubeConfig([bomb], 'dev'),
        (e: Error) => e.message.startsWith(`${bomb}: `) && /100,000 nodes/.test(e.message),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('an oversized kubeconfig is refused from its size, without being read', { timeout: 10_000 }, () => {
  const dir = dirWith({ good: GOOD });
  try {
    const huge = path.join(dir, 'huge');
    // Sparse: the size is what is checked; a reader that read it all would still be bounded by the timeout.
    fs.writeFileSync(huge, GOOD);
    fs.truncateSync(huge, KUBECONFIG_LIMITS.maxChars + 1024 * 1024);
    const m = readKubeconfigs([huge, path.join(dir, 'good')]);
    assert.deepEqual(m.files, [path.join(dir, 'good')]);
    assert.equal(m.problems.length, 1);
    assert.equal(
      m.problems[0],
      `${huge}: a kubeconfig of 17.0 MB, larger than the 16.0 MB Alluxio DL reads: is it the right file? Choose another with "Alluxio DL: Switch Kubernetes Context" or the alluxioDl.kubeconfig setting.`,
    );
    assert.throws(() => loadMergedKubeConfig([huge], 'dev'), /17\.0 MB, larger than the 16\.0 MB/);
    // The client still loads a good file the same way as before.
    const kc = loadMergedKubeConfig([path.join(dir, 'good')], 'dev');
    assert.equal(kc.getCurrentCluster()?.server, 'https://127.0.0.1:6443');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a dense kubeconfig past the node limit is refused before it is parsed', { timeout: 10_000 }, () => {
  const dir = dirWith({
    dense: `${GOOD}extensions: [${Array(KUBECONFIG_LIMITS.maxNodes + 10)
      .fill('1')
      .join(',')}]\n`,
  });
  try {
    const dense = path.join(dir, 'dense');
    const m = readKubeconfigs([dense]);
    assert.equal(m.files.length, 0);
    assert.match(m.problems[0], /more than the 100,000 YAML nodes Alluxio DL checks/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
