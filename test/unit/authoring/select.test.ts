import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chooseSchema, globToRegExp, schemaFromSettings, stickyChoice } from '../../../src/core/schema/select';
import { readModeline, schemaIdFromReference } from '../../../src/core/schema/names';
import { detectSchema } from '../../../src/core/schema/detect';
import { buildAll } from '../../fixtures/authoring/build/build-schemas';
import { repoRoot } from './helpers';

test('the modeline accepts short names, relative paths and URLs ending in our file names', () => {
  assert.equal(schemaIdFromReference('alluxio-2.9'), 'alluxio-2.9');
  assert.equal(schemaIdFromReference('../schemas/alluxio-2.2-alibaba.schema.json'), 'alluxio-2.2-alibaba');
  assert.equal(schemaIdFromReference('https://example.com/x/hdfs.schema.json'), 'hdfs');
  assert.equal(schemaIdFromReference('https://json.schemastore.org/github-workflow.json'), undefined);
  const m = readModeline('a: 1\n# yaml-language-server: $schema=./tfjob.schema.json\n');
  assert.equal(m?.id, 'tfjob');
});

test('a modeline naming another schema means "not ours", even for Alluxio-looking content', () => {
  const text =
    '# yaml-language-server: $schema=https://example.com/other.json\nproperties:\n  alluxio.master.hostname: x\n';
  assert.equal(chooseSchema(text, '/w/config.yaml', {}, { properties: { 'alluxio.master.hostname': 'x' } }), undefined);
});

test('the alluxioDl.schemas glob setting picks a schema; the modeline wins over it', () => {
  const globs = { '**/alluxio/*.yaml': 'alluxio-2.2', 'jobs/*.{yml,yaml}': 'pytorchjob' };
  assert.equal(schemaFromSettings('/home/u/proj/deploy/alluxio/config.yaml', globs), 'alluxio-2.2');
  assert.equal(schemaFromSettings('/home/u/proj/jobs/train.yml', globs), 'pytorchjob');
  assert.equal(schemaFromSettings('/home/u/proj/other/config.yaml', globs), undefined);
  assert.deepEqual(chooseSchema('a: 1\n', '/p/alluxio/v.yaml', globs, { a: 1 }), {
    id: 'alluxio-2.2',
    source: 'setting',
  });
  assert.deepEqual(chooseSchema('# yaml-language-server: $schema=alluxio-2.9\n', '/p/alluxio/v.yaml', globs, null), {
    id: 'alluxio-2.9',
    source: 'modeline',
  });
  assert.ok(globToRegExp('*.yaml').test('/a/b/c.yaml'));
  assert.ok(!globToRegExp('/abs/*.yaml').test('/other/abs/c.yaml'));
});

test('content detection picks the chart generation and the tier flavour', () => {
  assert.equal(detectSchema({ worker: { jvmOptions: ['-Xmx4G'] }, properties: { 'alluxio.x': 1 } }), 'alluxio-2.9');
  assert.equal(
    detectSchema({
      fuse: { enabled: true, mountPoint: '/mnt/alluxio-fuse' },
      tieredstore: { levels: [{ level: 0, alias: 'MEM', mediumtype: 'MEM' }] },
    }),
    'alluxio-2.9',
  );
  assert.equal(
    detectSchema({ worker: { jvmOptions: ' -Xmx4G ' }, tieredstore: { levels: [{ level: 0, mediumtype: 'MEM' }] } }),
    'alluxio-2.2',
  );
  assert.equal(
    detectSchema({ worker: { jvmOptions: ' -Xmx4G ' }, tieredstore: { levels: [{ level: 0, alias: 'MEM' }] } }),
    'alluxio-2.2-alibaba',
  );
  assert.equal(detectSchema({ apiVersion: 'kubeflow.org/v1', kind: 'PyTorchJob' }), 'pytorchjob');
  assert.equal(detectSchema({ tags: { ha: false }, global: { namenodeHAEnabled: false } }), 'hdfs');
  assert.equal(detectSchema({ master: { url: 'x' }, worker: { n: 1 } }), undefined);
  assert.equal(detectSchema('text'), undefined);
});

test('the committed schemas are what the generator makes from the fixtures', () => {
  for (const [name, text] of Object.entries(buildAll())) {
    assert.equal(
      readFileSync(join(repoRoot, 'schemas', name), 'utf8'),
      text,
      `schemas/${name} is stale: run node out/test/fixtures/authoring/build/build-schemas.js`,
    );
  }
});

test('while editing, a detected 2.2 flavour sticks when the tiers lose their evidence, not otherwise', () => {
  const alibaba = { id: 'alluxio-2.2-alibaba', source: 'content' } as const;
  const official = { id: 'alluxio-2.2', source: 'content' } as const;
  assert.deepEqual(stickyChoice(alibaba, official, { tieredStore: { levels: [{ alias: 'MEM' }] } }), alibaba);
  assert.deepEqual(stickyChoice(alibaba, official, { tieredstore: { levels: [{ mediumtype: 'MEM' }] } }), official);
  const v29 = { id: 'alluxio-2.9', source: 'content' } as const;
  assert.deepEqual(stickyChoice(alibaba, v29, {}), v29);
  assert.deepEqual(stickyChoice(undefined, official, {}), official);
  assert.deepEqual(stickyChoice({ id: 'alluxio-2.2-alibaba', source: 'modeline' }, official, {}), official);
});
