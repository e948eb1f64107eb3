import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeKubeconfigs } from '../../../src/k8s/kubeconfig';

const a = `
apiVersion: v1
kind: Config
current-context: dev
contexts:
- name: dev
  context: {cluster: c1, user: u1, namespace: team-a}
- name: shared
  context: {cluster: c1, user: u1}
`;
const b = `
current-context: prod
contexts:
- name: prod
  context: {cluster: c2, user: u2}
- name: shared
  context: {cluster: c2, user: u2, namespace: other}
`;

test('merged as kubectl does: first current-context and first definition of a name win', () => {
  const m = mergeKubeconfigs([
    { file: 'a', text: a },
    { file: 'b', text: b },
  ]);
  assert.equal(m.currentContext, 'dev');
  assert.deepEqual(
    m.contexts.filter((c) => !c.shadowed).map((c) => c.name),
    ['dev', 'shared', 'prod'],
  );
  assert.equal(m.contexts.find((c) => c.name === 'shared')?.cluster, 'c1');
  // The later file's context of the same name stays listed, so that it can be told apart and chosen.
  const hidden = m.contexts.filter((c) => c.shadowed);
  assert.deepEqual(
    hidden.map((c) => [c.name, c.file, c.cluster]),
    [['shared', 'b', 'c2']],
  );
  assert.equal(m.contexts[0].namespace, 'team-a');
});

test('a file without current-context leaves it to the next one; broken files are reported', () => {
  const m = mergeKubeconfigs([
    { file: 'x', text: 'contexts: []' },
    { file: 'bad', text: 'a: [' },
    { file: 'b', text: b },
  ]);
  assert.equal(m.currentContext, 'prod');
  assert.deepEqual(m.files, ['x', 'b']);
  assert.equal(m.problems.length, 1);
  assert.match(m.problems[0], /^bad:/);
});
