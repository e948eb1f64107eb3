import { test } from 'node:test';
import assert from 'node:assert/strict';
import { complete } from '../../../src/core/schema/complete';
import { hover } from '../../../src/core/schema/hover';
import { cursorContext } from '../../../src/core/yaml/context';
import { applyFix, problems, store, underlined } from './helpers';
import { seedConfigYaml } from './seed';

const at = (text: string, marker = '|') => ({ text: text.replace(marker, ''), offset: text.indexOf(marker) });

test('top-level key completion offers missing keys, with whole-section snippets', () => {
  const { text, offset } = at('image: x\n|\n');
  const items = complete(text, offset, 'alluxio-2.2-alibaba', store);
  const labels = items.map((i) => i.label);
  assert.ok(labels.includes('tieredstore') && labels.includes('fuse') && labels.includes('properties'));
  assert.ok(!labels.includes('image'), 'present keys are not offered again');
  const tiered = items.find((i) => i.label === 'tieredstore')!;
  assert.equal(tiered.kind, 'section');
  assert.match(tiered.insertText, /^tieredstore:\n {2}levels:\n {2}- alias: MEM/);
  const pull = items.find((i) => i.label === 'imagePullPolicy')!;
  assert.equal(pull.insertText, 'imagePullPolicy: ${1|IfNotPresent,Always,Never|}');
});

test('nested keys: tier level keys follow the flavour (alias vs mediumtype)', () => {
  const { text, offset } = at('tieredstore:\n  levels:\n  - level: 0\n    |\n');
  const alibaba = complete(text, offset, 'alluxio-2.2-alibaba', store).map((i) => i.label);
  const official = complete(text, offset, 'alluxio-2.2', store).map((i) => i.label);
  assert.ok(alibaba.includes('alias') && !alibaba.includes('mediumtype'));
  assert.ok(official.includes('mediumtype') && !official.includes('alias'));
  assert.ok(!alibaba.includes('level'));
});

test('enum values and Alluxio property keys and values', () => {
  const e = at('tieredstore:\n  levels:\n  - level: 0\n    type: |\n');
  assert.deepEqual(
    complete(e.text, e.offset, 'alluxio-2.2', store).map((i) => i.label),
    ['emptyDir', 'hostPath', 'persistentVolumeClaim'],
  );
  const k = at('properties:\n  alluxio.user.file.write|\n');
  const keys = complete(k.text, k.offset, 'alluxio-2.2-alibaba', store);
  const wt = keys.find((i) => i.label === 'alluxio.user.file.writetype.default')!;
  assert.ok(wt, 'writetype offered');
  assert.equal(
    wt.insertText,
    'alluxio.user.file.writetype.default: ${1|CACHE_THROUGH,MUST_CACHE,THROUGH,ASYNC_THROUGH|}',
  );
  assert.match(wt.documentation!, /Default: `ASYNC_THROUGH`/);
  assert.equal(k.text.slice(wt.start, wt.end), 'alluxio.user.file.write');
  const v = at('properties:\n  alluxio.user.file.writetype.default: |\n');
  assert.deepEqual(
    complete(v.text, v.offset, 'alluxio-2.9', store).map((i) => i.label),
    ['CACHE_THROUGH', 'MUST_CACHE', 'THROUGH', 'ASYNC_THROUGH'],
  );
});

test('hover: schema descriptions with defaults, and property descriptions', () => {
  const seed = seedConfigYaml();
  const h = hover(seed, seed.indexOf('quota') + 1, 'alluxio-2.2-alibaba', store)!;
  assert.match(h.markdown, /Capacity of the tier/);
  assert.equal(seed.slice(h.start, h.end), 'quota');
  const p = hover(seed, seed.indexOf('alluxio.master.mount.table.root.ufs') + 3, 'alluxio-2.2-alibaba', store)!;
  assert.match(p.markdown, /\*\*alluxio\.master\.mount\.table\.root\.ufs\*\*/);
  assert.match(p.markdown, /_Alluxio 2\.2 property_/);
  const w = hover(seed, seed.indexOf('master:') + 2, 'alluxio-2.2-alibaba', store)!;
  assert.match(w.markdown, /\*\*Master\*\*/);
  const j = hover(seed, seed.indexOf('jvmOptions') + 2, 'alluxio-2.2-alibaba', store)!;
  assert.match(j.markdown, /as one string \(chart 0\.5\.x\)/);
  const d = hover('master:\n  count: 3\n', 11, 'alluxio-2.2', store)!;
  assert.match(d.markdown, /Default: `1`/);
});

test('cursor context in later list items, both indent styles: the item index, not one level per earlier item', () => {
  for (const indent of ['  ', '    ']) {
    const pad = indent.length === 2 ? '    ' : '      ';
    const key = at(`tieredstore:\n  levels:\n${indent}- alias: MEM\n${pad}level: 0\n${indent}- alias: SSD\n${pad}|\n`);
    const ctx = cursorContext(key.text, key.offset);
    assert.deepEqual([ctx.path, ctx.position, ctx.siblings], [['tieredstore', 'levels', 1], 'key', ['alias']]);
    const labels = complete(key.text, key.offset, 'alluxio-2.2-alibaba', store).map((i) => i.label);
    assert.ok(labels.includes('quota') && labels.includes('level') && !labels.includes('alias'), labels.join());
    const dash = at(`tieredstore:\n  levels:\n${indent}- alias: MEM\n${pad}level: 0\n${indent}- |\n`);
    assert.deepEqual(cursorContext(dash.text, dash.offset).path, ['tieredstore', 'levels', 1]);
    const value = at(`tieredstore:\n  levels:\n${indent}- alias: MEM\n${indent}- alias: SSD\n${pad}type: |\n`);
    assert.deepEqual(cursorContext(value.text, value.offset).path, ['tieredstore', 'levels', 1, 'type']);
    assert.deepEqual(
      complete(value.text, value.offset, 'alluxio-2.2', store).map((i) => i.label),
      ['emptyDir', 'hostPath', 'persistentVolumeClaim'],
    );
  }
});

test('cursor context in nested lists of a TFJob: containers, env, volumes', () => {
  const job = [
    'apiVersion: kubeflow.org/v1',
    'kind: TFJob',
    'spec:',
    '  tfReplicaSpecs:',
    '    Worker:',
    '      template:',
    '        spec:',
    '          containers:',
    '          - name: a',
    '            env:',
    '            - name: X',
    '              value: "1"',
    '            - name: Y',
    '              ENV',
    '          - name: b',
    '            CONTAINER',
    '          volumes:',
    '          - name: v1',
    '            hostPath: {path: /a}',
    '          - name: v2',
    '            VOLUME',
    '',
  ].join('\n');
  const base = ['spec', 'tfReplicaSpecs', 'Worker', 'template', 'spec'];
  for (const [marker, path, siblings] of [
    ['ENV', [...base, 'containers', 0, 'env', 1], ['name']],
    ['CONTAINER', [...base, 'containers', 1], ['name']],
    ['VOLUME', [...base, 'volumes', 1], ['name']],
  ] as const) {
    const text = job.replace(marker, '');
    const ctx = cursorContext(text, job.indexOf(marker));
    assert.deepEqual([ctx.path, ctx.siblings], [path, siblings], marker);
  }
  const text = job.replace('CONTAINER', '').replace('ENV', '').replace('VOLUME', '');
  const items = complete(text, job.indexOf('VOLUME') - 'ENVCONTAINER'.length, 'tfjob', store).map((i) => i.label);
  assert.ok(items.includes('emptyDir') && items.includes('persistentVolumeClaim'), items.join());
});

test('cursor context: `- - x` nested sequences, and a later document does not see an earlier one', () => {
  const nested = at('a:\n- - x: 1\n  - |\n');
  assert.deepEqual(cursorContext(nested.text, nested.offset).path, ['a', 0, 1]);
  const docs = at('tieredstore:\n  levels: []\n---\nfuse:\n  |\n');
  assert.deepEqual(cursorContext(docs.text, docs.offset).path, ['fuse']);
  const top = at('tieredstore:\n  levels: []\n---\n|\n');
  const t = cursorContext(top.text, top.offset);
  assert.deepEqual([t.path, t.siblings], [[], []]);
});

test('hover, diagnostic positions and quick fixes in a later list item', () => {
  const text = seedConfigYaml().replace(
    '    low: 0.8\n',
    '    low: 0.8\n  - alias: SSD\n    level: 1\n    quota: 100GB\n    type: hostpat\n    path: /mnt/ssd\n',
  );
  const h = hover(text, text.lastIndexOf('quota') + 1, 'alluxio-2.2-alibaba', store)!;
  assert.match(h.markdown, /Capacity of the tier/);
  assert.equal(text.slice(h.start, h.end), 'quota');
  const ps = problems(text);
  assert.equal(ps.length, 1, JSON.stringify(ps));
  assert.equal(underlined(text, ps[0]), 'hostpat');
  assert.match(ps[0].message, /^tieredstore\.levels\[1\]\.type must be one of/);
  const fix = ps[0].fixes!.find((f) => f.preferred)!;
  assert.match(
    applyFix(text, fix),
    /\n {2}- alias: SSD\n {4}level: 1\n {4}quota: 100GB\n {4}type: hostPath\n {4}path: \/mnt\/ssd\n/,
  );
});

test('hover and diagnostic positions in later items of nested TFJob lists (env, volumes)', () => {
  const job = [
    'apiVersion: kubeflow.org/v1',
    'kind: TFJob',
    'metadata:',
    '  name: j',
    'spec:',
    '  tfReplicaSpecs:',
    '    Worker:',
    '      template:',
    '        spec:',
    '          containers:',
    '          - name: a',
    '            image: x',
    '            env:',
    '            - name: X',
    '              value: "1"',
    '            - name: Y',
    '              valu: "2"',
    '          volumes:',
    '          - name: v1',
    '            hostPath: {path: /a}',
    '          - name: v2',
    '            emptyDir: {medium: Memory}',
    '',
  ].join('\n');
  const ps = problems(job, {}, '/w/job.yaml');
  assert.deepEqual(
    ps.map((p) => [underlined(job, p), p.severity]),
    [['valu', 'error']],
  );
  assert.match(ps[0].message, /env\[1\] has no key "valu": did you mean "value"\?/);
  assert.equal(applyFix(job, ps[0].fixes![0]), job.replace('valu:', 'value:'));
  const h = hover(job, job.indexOf('emptyDir') + 2, 'tfjob', store)!;
  assert.equal(job.slice(h.start, h.end), 'emptyDir');
  assert.match(h.markdown, /emptyDir/i);
});
