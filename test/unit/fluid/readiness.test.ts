import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixCommand } from '../../../src/commands/data/readiness';
import { gatherReadiness } from '../../../src/commands/data/readiness-gather';
import { fluidReadiness, parsePercent, type FluidReadinessInput } from '../../../src/core/data/fluid-readiness';
import type { KubeObject } from '../../../src/core/model/kinds';
import { MemoryClusterClient } from '../../doubles/memory-cluster-client';

const ready = { phase: 'Ready', ready: 1, desired: 1 };
const nodes: { name: string; labels: Record<string, string> }[] = [
  { name: 'kwok-gpu-0', labels: { dataset: 'mnist' } },
  { name: 'kwok-gpu-1', labels: { dataset: 'mnist', fuse: 'yes' } },
  { name: 'kwok-hdfs-0', labels: {} },
];

function input(over: Partial<FluidReadinessInput> = {}): FluidReadinessInput {
  return {
    dataset: { namespace: 'default', name: 'mnist' },
    status: { phase: 'Bound', cachedPercentage: '100.0%', cached: '3.90MiB', ufsTotal: '3.90MiB' },
    runtime: { master: ready, worker: ready, fuse: { phase: 'Ready', ready: 0, desired: 0 }, fuseNodeSelector: {} },
    selector: { dataset: 'mnist' },
    nodes,
    ...over,
  };
}

const by = (checks: ReturnType<typeof fluidReadiness>) => Object.fromEntries(checks.map((c) => [c.id, c]));

test('parsePercent reads what Fluid writes and refuses NaN%', () => {
  assert.equal(parsePercent('42.0%'), 42);
  assert.equal(parsePercent('100%'), 100);
  assert.equal(parsePercent('NaN%'), undefined);
  assert.equal(parsePercent(''), undefined);
  assert.equal(parsePercent(undefined), undefined);
});

test('a bound, fully cached dataset whose FUSE may run on the selected nodes passes everything', () => {
  const c = by(fluidReadiness(input()));
  assert.deepEqual(
    Object.values(c).map((x) => x.verdict),
    ['pass', 'pass', 'pass', 'pass'],
  );
  assert.match(c.fuse.detail, /all 2 selected nodes/);
});

test('partly cached: a warning with Warm Up as the fix, and the figures', () => {
  const c = by(
    fluidReadiness(
      input({ status: { phase: 'Bound', cachedPercentage: '42.5%', cached: '1.66MiB', ufsTotal: '3.90MiB' } }),
    ),
  );
  assert.equal(c.cached.verdict, 'warn');
  assert.equal(c.cached.fix?.kind, 'fluidWarmUp');
  assert.match(c.cached.detail, /42\.5% cached \(1\.66MiB of 3\.90MiB\)/);
  assert.equal(
    by(fluidReadiness(input({ minCachedPercent: 40, status: { phase: 'Bound', cachedPercentage: '42.5%' } }))).cached
      .verdict,
    'pass',
  );
});

test('NaN% over an empty UFS says the mount is empty, not "warm it up"', () => {
  const c = by(
    fluidReadiness(input({ status: { phase: 'Bound', cachedPercentage: 'NaN%', cached: '0.00B', ufsTotal: '0.00B' } })),
  );
  assert.equal(c.cached.verdict, 'unknown');
  assert.match(c.cached.detail, /0\.00B under the mount/);
  assert.equal(c.cached.fix, undefined);
});

test('a missing Dataset and runtime fail with Apply as the fix; unread ones are unknown', () => {
  const missing = by(fluidReadiness(input({ status: null, runtime: null })));
  assert.equal(missing.dataset.verdict, 'fail');
  assert.equal(missing.dataset.fix?.kind, 'applyFluid');
  assert.equal(missing.runtime.verdict, 'fail');
  assert.equal(missing.fuse.verdict, 'fail');
  const unread = by(fluidReadiness(input({ status: undefined, runtime: undefined, nodes: undefined })));
  assert.deepEqual(
    Object.values(unread).map((x) => x.verdict),
    ['unknown', 'unknown', 'unknown', 'unknown'],
  );
});

test('NotBound warns; master not ready fails the runtime check', () => {
  const c = by(
    fluidReadiness(
      input({
        status: { phase: 'NotBound' },
        runtime: {
          master: { phase: 'NotReady', ready: 0, desired: 1 },
          worker: { phase: '', ready: 0, desired: 2 },
          fuse: ready,
          fuseNodeSelector: {},
        },
      }),
    ),
  );
  assert.equal(c.dataset.verdict, 'warn');
  assert.equal(c.runtime.verdict, 'fail');
  assert.match(c.runtime.detail, /master 0\/1 NotReady/);
});

test("FUSE placement: a fuse.nodeSelector that excludes some or all of the job's nodes", () => {
  const some = by(
    fluidReadiness(
      input({ runtime: { master: ready, worker: ready, fuse: ready, fuseNodeSelector: { fuse: 'yes' } } }),
    ),
  );
  assert.equal(some.fuse.verdict, 'warn');
  assert.match(some.fuse.detail, /excludes kwok-gpu-0/);
  const all = by(
    fluidReadiness(
      input({ runtime: { master: ready, worker: ready, fuse: ready, fuseNodeSelector: { gpu: 'none' } } }),
    ),
  );
  assert.equal(all.fuse.verdict, 'fail');
  assert.equal(all.fuse.fix?.kind, 'editRuntime');
  const none = by(fluidReadiness(input({ selector: { dataset: 'cifar' } })));
  assert.equal(none.fuse.verdict, 'fail');
  assert.equal(none.fuse.fix?.kind, 'labelNodes');
});

test('a job that mounts a Fluid dataset PVC is judged by its Dataset and AlluxioRuntime (read from the cluster)', async () => {
  const cluster = new MemoryClusterClient();
  cluster.put('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'gpu-0', labels: { dataset: 'mnist' } } });
  const job: KubeObject = {
    apiVersion: 'kubeflow.org/v1',
    kind: 'TFJob',
    metadata: { name: 'mnist', namespace: 'team-a' },
    spec: {
      tfReplicaSpecs: {
        Worker: {
          replicas: 1,
          template: {
            spec: {
              nodeSelector: { dataset: 'mnist' },
              containers: [{ name: 'tensorflow', image: 'x' }],
              volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'mnist' } }],
            },
          },
        },
      },
    },
  };
  const missing = await gatherReadiness(cluster, job);
  assert.deepEqual(missing.fluidDataset, { namespace: 'team-a', name: 'mnist' });
  const dataset = missing.checks.find((c) => c.id === 'dataset');
  assert.equal(dataset?.verdict, 'fail');
  assert.equal(fixCommand(dataset!, missing)?.id, 'alluxioDl.applyFluid');

  cluster.put('datasets', {
    apiVersion: 'data.fluid.io/v1alpha1',
    kind: 'Dataset',
    metadata: { name: 'mnist', namespace: 'team-a' },
    status: { phase: 'Bound', ufsTotal: '3.90MiB', cacheStates: { cachedPercentage: '40.0%', cached: '1.56MiB' } },
  });
  cluster.put('alluxioruntimes', {
    apiVersion: 'data.fluid.io/v1alpha1',
    kind: 'AlluxioRuntime',
    metadata: { name: 'mnist', namespace: 'team-a' },
    status: {
      masterPhase: 'Ready',
      masterNumberReady: 1,
      desiredMasterNumberScheduled: 1,
      workerPhase: 'Ready',
      workerNumberReady: 1,
      desiredWorkerNumberScheduled: 1,
    },
  });
  const found = await gatherReadiness(cluster, job);
  const byId = Object.fromEntries(found.checks.map((c) => [c.id, c]));
  assert.equal(byId.dataset.verdict, 'pass');
  assert.equal(byId.runtime.verdict, 'pass');
  assert.equal(byId.cached.verdict, 'warn');
  assert.match(byId.cached.detail, /40% cached/);
  assert.deepEqual(fixCommand(byId.cached, found), {
    id: 'alluxioDl.fluidWarmUp',
    arg: { dataset: 'mnist', namespace: 'team-a' },
  });
});
