import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDuration, parseFollowArgs } from '../../../src/core/log-pipeline/follow-args';

test('arena/kubectl style flags', () => {
  assert.deepEqual(parseFollowArgs('--tail=100 --since=1h30m --timestamps -c pytorch --previous'), {
    ok: true,
    value: { tail: 100, sinceSeconds: 5400, timestamps: true, container: 'pytorch', previous: true },
  });
  assert.deepEqual(parseFollowArgs('-t 5 --container sidecar'), { ok: true, value: { tail: 5, container: 'sidecar' } });
  assert.deepEqual(parseFollowArgs(''), { ok: true, value: {} });
  assert.deepEqual(parseFollowArgs('--tail=-1'), { ok: true, value: { tail: -1 } });
});

test('bad flags are refused with what to write instead', () => {
  const a = parseFollowArgs('--tail=abc');
  assert.equal(a.ok, false);
  assert.match((a as { error: string }).error, /whole number/);
  assert.match((parseFollowArgs('--since=yesterday') as { error: string }).error, /30s, 10m or 1h/);
  assert.match((parseFollowArgs('-f') as { error: string }).error, /unknown option "-f"/);
  assert.equal(parseDuration('10m'), 600);
  assert.equal(parseDuration(''), undefined);
});

import { declaredReplicas, jobRefFrom } from '../../../src/core/log-pipeline/pods';

test('job references from explorer nodes, objects and plain arguments', () => {
  assert.deepEqual(jobRefFrom({ namespace: 'ml', kind: 'tfjobs', name: 'a' }), {
    namespace: 'ml',
    kind: 'TFJob',
    name: 'a',
    replicas: undefined,
  });
  const obj = {
    kind: 'PyTorchJob',
    metadata: { name: 'p', namespace: 'default' },
    spec: { pytorchReplicaSpecs: { Master: { replicas: 1 }, Worker: { replicas: 2 } } },
  };
  assert.deepEqual(jobRefFrom({ object: obj }), { namespace: 'default', kind: 'PyTorchJob', name: 'p', replicas: 3 });
  assert.equal(jobRefFrom(undefined), undefined);
  assert.equal(jobRefFrom({ label: 'x' }), undefined);
  assert.equal(declaredReplicas({ spec: { tfReplicaSpecs: { Worker: {} } } }), 1);
});

test("the explorer's job and pod nodes (their `logs` field)", () => {
  assert.deepEqual(
    jobRefFrom({
      id: 'j:x',
      contextValue: 'job copy logs',
      logs: { namespace: 'default', kind: 'arenajob', name: 'alluxio-pytorch' },
      ref: { kind: 'configmaps', namespace: 'default', name: 'alluxio-pytorch-tfjob' },
    }),
    {
      namespace: 'default',
      kind: 'ArenaJob',
      name: 'alluxio-pytorch',
      replicas: undefined,
    },
  );
  assert.equal(jobRefFrom({ node: { logs: { namespace: 'd', kind: 'pod', name: 'p-0' } } })?.kind, 'Pod');
});
