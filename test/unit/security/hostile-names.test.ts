/**
 * Hostile text from the cluster (quotes, `;`, `$()`, backticks, Markdown and HTML, newlines, unicode,
 * RTL and other bidi marks) reaches the explorer's labels, descriptions and Markdown tooltips only in a
 * form that shows it: no raw line breaks or bidi controls in one-line texts (they would hide or reorder
 * what a user reads), and no live Markdown or HTML in tooltips.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterModel } from '../../../src/core/model/cluster-model';
import type { KubeObject, ResourceKind } from '../../../src/core/model/kinds';
import { ExplorerTree } from '../../../src/core/model/tree';
import { alluxioLabels, helmSecret, node, pod, SEED_ALLUXIO_VALUES, tfJob } from '../explorer/objects';

const NOW = Date.parse('2026-01-01T01:00:00Z');
const HOSTILE = `a'b"c;d$(touch /tmp/pwned)\`id\`\n<img src=x onerror=alert(1)>[link](command:alluxioDl.uninstallRelease)\u202Eevil\u2066x\u200F\u0000日本`;
/** Line breaks, C0/C1 controls and the bidi controls (LRM/RLM, LRE..RLO, LRI..PDI, ALM). */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function build(): ExplorerTree {
  const job = tfJob('hostile-job', { conditions: ['Created', 'Failed'] });
  (job.status as { conditions: { message: string }[] }).conditions[1].message = HOSTILE;
  const values = structuredClone(SEED_ALLUXIO_VALUES) as Record<string, any>;
  values.properties['alluxio.master.mount.table.root.ufs'] = `hdfs://${HOSTILE}`;
  values.tieredstore.levels[0].path = HOSTILE;
  values.tieredstore.levels[0].quota = HOSTILE;
  const objects: [ResourceKind, KubeObject][] = [
    ['nodes', node('node-1', { labels: { dataset: 'mnist' } })],
    ['helmreleases', helmSecret('alluxio', 1, 'alluxio', values)],
    [
      'pods',
      pod('alluxio-worker-x', { labels: alluxioLabels('worker'), node: 'node-1', image: HOSTILE, waiting: HOSTILE }),
    ],
    ['tfjobs', job],
  ];
  const model = new ClusterModel();
  for (const [kind, o] of objects) model.apply(kind, { type: 'ADDED', object: o });
  return new ExplorerTree(model);
}

function everyNode(tree: ExplorerTree): { id: string; label: string; description: string; tooltip: string }[] {
  const out: { id: string; label: string; description: string; tooltip: string }[] = [];
  const walk = (id: string | undefined, depth: number) => {
    if (depth > 10) return;
    for (const c of tree.children(id)) {
      const d = tree.node(c, NOW);
      if (d) out.push({ id: c, label: d.label, description: d.description ?? '', tooltip: d.tooltip ?? '' });
      walk(c, depth + 1);
    }
  };
  walk(undefined, 0);
  return out;
}

test('hostile text shows in labels and descriptions without line breaks, controls or bidi marks', () => {
  const nodes = everyNode(build());
  const reached = nodes.filter((n) => /pwned/.test(n.label + n.description));
  assert.ok(reached.length > 0, 'the hostile text reaches the tree (else this test checks nothing)');
  for (const n of nodes) {
    assert.doesNotMatch(n.label, INVISIBLE, `label of ${n.id}: ${JSON.stringify(n.label)}`);
    assert.doesNotMatch(n.description, INVISIBLE, `description of ${n.id}: ${JSON.stringify(n.description)}`);
  }
});

/** The Markdown outside code spans (inside a span of N backticks, closed by N, nothing is interpreted). */
function outsideCodeSpans(md: string): string {
  let out = '';
  let i = 0;
  while (i < md.length) {
    if (md[i] !== '`') {
      out += md[i++];
      continue;
    }
    let n = 0;
    while (md[i + n] === '`') n++;
    const fence = '`'.repeat(n);
    let close = md.indexOf(fence, i + n);
    while (close >= 0 && md[close + n] === '`') close = md.indexOf(fence, close + n + 1);
    if (close < 0) {
      out += md.slice(i, i + n);
      i += n;
      continue;
    }
    i = close + n;
  }
  return out;
}

test('hostile text in tooltips is escaped Markdown: no live link, image, HTML tag or bidi control', () => {
  const nodes = everyNode(build()).filter((n) => /pwned/.test(n.tooltip));
  assert.ok(nodes.length > 0, 'the hostile text reaches a tooltip');
  for (const n of nodes) {
    const live = outsideCodeSpans(n.tooltip);
    assert.doesNotMatch(live, /(?<!\\)\[link(?<!\\)\]\(command:/, `a live command link in ${n.id}: ${n.tooltip}`);
    assert.doesNotMatch(live, /(?<!\\)<img/, `raw HTML in ${n.id}: ${n.tooltip}`);
    assert.doesNotMatch(n.tooltip, /[\u0000\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/, `a bidi control in ${n.id}`);
  }
});
