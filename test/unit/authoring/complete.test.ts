import { test } from 'node:test';
import assert from 'node:assert/strict';
import { complete } from '../../../src/core/schema/complete';
import { hover } from '../../../src/core/schema/hover';
import { store } from './helpers';
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
