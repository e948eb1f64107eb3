// Completion and hover in Fluid files: schema keys and enums from the CRDs, and Alluxio 2.9 property
// keys in an AlluxioRuntime's properties maps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { complete } from '../../../src/core/schema/complete';
import { hover } from '../../../src/core/schema/hover';
import { store } from '../authoring/helpers';

const at = (text: string, marker = '|') => ({ text: text.replace(marker, ''), offset: text.indexOf(marker) });
const HEAD = 'apiVersion: data.fluid.io/v1alpha1\nkind: AlluxioRuntime\nmetadata:\n  name: mnist\nspec:\n';

test('AlluxioRuntime: spec keys, tier keys and the medium enum come from the CRD', () => {
  const spec = at(`${HEAD}  |\n`);
  const keys = complete(spec.text, spec.offset, 'fluid-alluxioruntime', store).map((i) => i.label);
  for (const k of ['tieredstore', 'alluxioVersion', 'replicas', 'fuse', 'worker']) assert.ok(keys.includes(k), k);
  assert.ok(!keys.includes('nodeSelector'), 'no Helm-only keys');
  const tier = at(`${HEAD}  tieredstore:\n    levels:\n      - mediumtype: |\n`);
  assert.deepEqual(
    complete(tier.text, tier.offset, 'fluid-alluxioruntime', store).map((i) => i.label),
    ['MEM', 'SSD', 'HDD'],
  );
  const policy = at('apiVersion: data.fluid.io/v1alpha1\nkind: DataLoad\nspec:\n  policy: |\n');
  assert.deepEqual(
    complete(policy.text, policy.offset, 'fluid-dataload', store).map((i) => i.label),
    ['Once', 'Cron', 'OnEvent'],
  );
});

test('AlluxioRuntime properties (spec and components) complete and hover as Alluxio 2.9 properties', () => {
  for (const where of ['  properties:\n    ', '  worker:\n    properties:\n      ']) {
    const k = at(`${HEAD}${where}alluxio.user.file.write|\n`);
    const items = complete(k.text, k.offset, 'fluid-alluxioruntime', store);
    const wt = items.find((i) => i.label === 'alluxio.user.file.writetype.default');
    assert.ok(wt, `writetype offered at ${JSON.stringify(where)}; got ${items.length} items`);
    assert.match(wt.documentation!, /Alluxio 2\.9 property/);
  }
  const text = `${HEAD}  properties:\n    alluxio.user.file.writetype.default: MUST_CACHE\n`;
  const h = hover(text, text.indexOf('writetype') + 2, 'fluid-alluxioruntime', store)!;
  assert.match(h.markdown, /\*\*alluxio\.user\.file\.writetype\.default\*\*/);
  // A map named "properties" elsewhere is not Alluxio's.
  const meta = at(`${HEAD}  master:\n    podMetadata:\n      labels:\n        properties:\n          alluxio.user|\n`);
  assert.deepEqual(
    complete(meta.text, meta.offset, 'fluid-alluxioruntime', store).filter((i) => i.kind === 'alluxioProperty'),
    [],
  );
});
