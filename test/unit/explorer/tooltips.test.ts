import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterModel } from '../../../src/core/model/cluster-model';
import { ExplorerTree } from '../../../src/core/model/tree';
import { code } from '../../../src/core/model/format';
import type { KubeObject, ResourceKind } from '../../../src/core/model/kinds';
import {
  alluxioLabels,
  arenaConfigMap,
  hdfsLabels,
  helmSecret,
  node,
  pod,
  SEED_ALLUXIO_VALUES,
  service,
  statefulSet,
  tfJob,
} from './objects';

function tree(objects: [ResourceKind, KubeObject][]): ExplorerTree {
  const model = new ClusterModel();
  for (const [kind, o] of objects) model.apply(kind, { type: 'ADDED', object: o });
  return new ExplorerTree(model);
}

/** Every node of the tree, depth first. */
function all(t: ExplorerTree, id?: string): string[] {
  return t.children(id).flatMap((c) => [c, ...all(t, c)]);
}

/** The code spans of a Markdown text (single or longer backtick fences). */
function codeSpans(markdown: string): string[] {
  return [...markdown.matchAll(/(`+)(.+?)\1/g)].map((m) => m[2].trim());
}

const objects: [ResourceKind, KubeObject][] = [
  ['nodes', node('kwok-gpu-0', { labels: { dataset: 'mnist', 'hdfs-datanode-exclude': 'x.y' }, gpus: 2 })],
  ['statefulsets', statefulSet('hdfs-namenode', hdfsLabels('namenode'), 1, 1)],
  ['pods', pod('hdfs-namenode-0', { labels: hdfsLabels('namenode'), node: 'kwok-gpu-0' })],
  ['services', service('hdfs-namenode', hdfsLabels('namenode'))],
  ['pods', pod('alluxio-master-0', { labels: alluxioLabels('master'), node: 'kwok-gpu-0' })],
  ['helmreleases', helmSecret('alluxio', 1, 'alluxio', SEED_ALLUXIO_VALUES)],
  ['tfjobs', tfJob('alluxio-pytorch2', { conditions: ['Created'] })],
  ['configmaps', arenaConfigMap('alluxio-pytorch2')],
];

test('code spans in tooltips hold the value verbatim: no Markdown escapes inside backticks', () => {
  const t = tree(objects);
  const spans = all(t).flatMap((id) => codeSpans(t.node(id)!.tooltip));
  assert.ok(spans.length >= 8, `spans found: ${spans.join(' | ')}`);
  for (const s of spans) assert.doesNotMatch(s, /\\/, `a backslash in the code span ${s}`);
  assert.ok(spans.includes('hdfs://hdfs-namenode-0.hdfs-namenode.default.svc.cluster.local:8020'));
  assert.ok(spans.includes('default/alluxio-pytorch2'));
  assert.ok(spans.includes('alluxio-pytorch2-tfjob'));
});

test('code() fences a value containing backticks with a longer run, and keeps it on one line', () => {
  assert.equal(code('a-b.c'), '`a-b.c`');
  assert.equal(code('a`b'), '``a`b``');
  assert.equal(code('`x'), '`` `x ``');
  assert.equal(code('one\ntwo'), '`one two`');
  assert.deepEqual(codeSpans(`see ${code('p``q')} here`), ['p``q']);
});
