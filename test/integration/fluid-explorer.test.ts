/**
 * Fluid in the explorer, against the sandbox with Fluid's CRDs installed and — when they are in the cache
 * (`node out/test/sandbox/fluid-build.js`) — Fluid's real dataset and AlluxioRuntime controllers v1.0.8
 * (test/sandbox/fluid.ts): Apply Fluid Dataset by server-side apply, the runtime's master pod on KWOK backed
 * by the sandbox's real Alluxio, so that Fluid itself binds the Dataset and writes its cacheStates; Warm Up
 * creates a DataLoad that Fluid's loader Job completes (KWOK completes the Job's pod without running its
 * script, so the test then runs the loader's command, `alluxio fs load`, in the master pod: real Alluxio
 * caches the real file), and the tree shows the cached percentage rise.
 *
 * Without the controllers in the cache, the status is written by `writeStatusAsFluidControllerWould`: what
 * Fluid writes, in its formats (sizes like "3.00MiB", percentages "%.1f%%"), named as such; the tree and
 * the commands are the same.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { applyCommands } from '../../src/commands/apply';
import type { ApplyOutcome } from '../../src/commands/apply/deps';
import { applyFluid, type FluidApplyOutcome } from '../../src/commands/fluid-apply';
import { fluidWarmUp } from '../../src/commands/fluid-warmup';
import { decodeTarget, withOptions } from '../../src/core/command-target';
import { fluidNodeId } from '../../src/core/model/node-id';
import { fixturesDir } from '../fixtures/shared';
import { makeDeps, sandboxInfo, type SandboxInfo, type TestDeps } from '../fixtures/apply/sandbox-deps';
import { CONTEXT } from '../sandbox/info';
import { fluidControllers, startFluidControllers, type FluidRun } from '../sandbox/fluid';
import { waitFor } from '../support/wait';

const CRDS = ['datasets', 'alluxioruntimes', 'dataloads'];
const NAME = 'fluid-explorer';
const NS = 'default';
const FILE_BYTES = 3 * 1024 * 1024;

interface Snapshot {
  nodes: { id: string; label: string; description: string; contextValue: string; tooltip: string }[];
}

const snapshot = async () => (await vscode.commands.executeCommand('alluxioDl.explorer.snapshot')) as Snapshot;

async function waitForRow(what: string, id: string, pred: (description: string) => boolean, timeoutMs: number) {
  let seen = '';
  return waitFor(
    () => `${what}; the row ${id} said: ${seen || '(no such row)'}`,
    async () => {
      const row = (await snapshot()).nodes.find((n) => n.id === id);
      seen = row?.description ?? '';
      return row && pred(row.description) && row;
    },
    { timeoutMs, intervalMs: 250 },
  );
}

const percentOf = (description: string) => Number(/([\d.]+)% cached/.exec(description)?.[1] ?? NaN);

/**
 * STAND-IN for Fluid's controllers when they are not built: writes the status subresource the way Fluid
 * v1.0.8 writes it (its field names and formats), so the extension reads what it would read from Fluid.
 */
function writeStatusAsFluidControllerWould(sb: SandboxInfo, kind: string, name: string, status: object): void {
  execFileSync(
    sb.kubectl,
    ['patch', kind, name, '-n', NS, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })],
    { env: { ...process.env, KUBECONFIG: sb.kubeconfig }, stdio: 'pipe' },
  );
}

/** Fluid's Dataset status for `cached` of `total` MiB (cachedPercentage as Fluid formats it: "%.1f%%"). */
function datasetStatus(cachedMiB: number, totalMiB: number): object {
  return {
    phase: 'Bound',
    ufsTotal: `${totalMiB.toFixed(2)}MiB`,
    fileNum: '1',
    conditions: [],
    runtimes: [{ category: 'Accelerate', name: NAME, namespace: NS, type: 'alluxio' }],
    cacheStates: {
      cacheCapacity: '256.00MiB',
      cached: `${cachedMiB.toFixed(2)}MiB`,
      cachedPercentage: `${((cachedMiB / totalMiB) * 100).toFixed(1)}%`,
      cacheHitRatio: '0.0%',
      localHitRatio: '0.0%',
      remoteHitRatio: '0.0%',
    },
  };
}

function fluidYaml(hdfsUrl: string, replicas: number): string {
  return [
    '# yaml-language-server: $schema=fluid-dataset',
    'apiVersion: data.fluid.io/v1alpha1',
    'kind: Dataset',
    'metadata:',
    `  name: ${NAME}`,
    'spec:',
    '  mounts:',
    `  - mountPoint: ${hdfsUrl}/data/${NAME}`,
    `    name: ${NAME}`,
    '---',
    '# yaml-language-server: $schema=fluid-alluxioruntime',
    'apiVersion: data.fluid.io/v1alpha1',
    'kind: AlluxioRuntime',
    'metadata:',
    `  name: ${NAME}`,
    'spec:',
    `  replicas: ${replicas}`,
    '  tieredstore:',
    '    levels:',
    '    - mediumtype: MEM',
    '      path: /dev/shm',
    '      quota: 256Mi',
    '',
  ].join('\n');
}

suite('fluid explorer: Datasets, AlluxioRuntimes and DataLoads live in the tree; Apply and Warm Up', function () {
  this.timeout(600_000);
  let sb: SandboxInfo;
  let t: TestDeps;
  let work = '';
  let controllers: FluidRun | undefined;
  const kubectl = (args: string[]) =>
    execFileSync(sb.kubectl, args, {
      env: { ...process.env, KUBECONFIG: sb.kubeconfig },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });

  suiteSetup(async function () {
    sb = sandboxInfo();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'adl-fluid-explorer-'));
    t = makeDeps(sb, work);
    for (const k of CRDS)
      kubectl(['apply', '--server-side', '-f', path.join(fixturesDir(), 'fluid-crds', `data.fluid.io_${k}.yaml`)]);
    kubectl(['wait', '--for=condition=Established', '--timeout=60s', ...CRDS.map((k) => `crd/${k}.data.fluid.io`)]);
    if (fluidControllers()) controllers = startFluidControllers(sb);
    console.log(
      controllers
        ? `[fluid] Fluid v1.0.8's real controllers run (logs ${controllers.logs.dataset}, ${controllers.logs.alluxio})`
        : '[fluid] Fluid controllers not built (node out/test/sandbox/fluid-build.js): the test writes their status as they would',
    );
    await vscode.commands.executeCommand('alluxioDl.explorer.focus');
    await vscode.commands.executeCommand('alluxioDl.switchContext', CONTEXT);
    await vscode.commands.executeCommand('alluxioDl.switchNamespace', NS);
    // The Fluid kinds were "CRD not installed" until now: list them again without waiting out the retry.
    await vscode.commands.executeCommand('alluxioDl.refresh');
  });

  suiteTeardown(async () => {
    if (!sb) return;
    // Fluid's finalizers need its controllers: delete while they run, then clear what is left.
    for (const k of ['dataloads', 'alluxioruntimes', 'datasets'])
      try {
        kubectl(['delete', k, '--all', '-n', NS, '--timeout=60s']);
      } catch {
        for (const name of kubectl(['get', k, '-n', NS, '-o', 'name']).split('\n').filter(Boolean))
          kubectl(['patch', name, '-n', NS, '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
      }
    await controllers?.stop();
    try {
      kubectl(['delete', 'statefulset,daemonset', '-n', NS, '-l', `release=${NAME}`, '--ignore-not-found']);
    } catch {
      // the runtime's workloads were never made (stand-in run)
    }
    // Leave the cluster as the other suites expect it: without Fluid's CRDs.
    for (const k of CRDS)
      kubectl([
        'delete',
        '--ignore-not-found',
        '--wait=false',
        '-f',
        path.join(fixturesDir(), 'fluid-crds', `data.fluid.io_${k}.yaml`),
      ]);
    t?.client.dispose();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test('the Fluid section appears once the CRDs are served', async () => {
    await waitFor('the Fluid section', async () => (await snapshot()).nodes.find((n) => n.id === 's:fluid'), {
      timeoutMs: 30_000,
      intervalMs: 250,
    });
  });

  test('Apply Fluid Dataset creates the Dataset and Runtime by server-side apply, and a re-apply round-trips', async () => {
    // The data first, in the real HDFS (the Dataset's UFS): 3 MiB Fluid will count and Alluxio will cache.
    const local = path.join(work, 'blob.bin');
    fs.writeFileSync(local, randomBytes(FILE_BYTES));
    const table = applyCommands(t.deps);
    const up = (await table['alluxioDl.uploadToHdfs'].run(
      decodeTarget({ files: [local], hdfsDir: `/data/${NAME}` }),
    )) as ApplyOutcome;
    assert.equal(up.outcome, 'uploaded', JSON.stringify(up));

    const hdfsUrl = fs.readFileSync(path.join(sb.dir, 'alluxio', 'hdfs-url'), 'utf8').trim();
    const file = path.join(work, `${NAME}.yaml`);
    fs.writeFileSync(file, fluidYaml(hdfsUrl, 1));
    const first = (await applyFluid(t.deps, withOptions({ file }), () => undefined)) as FluidApplyOutcome;
    assert.equal(first.outcome, 'applied', JSON.stringify(first));
    assert.deepEqual(first.applied, [`Dataset ${NS}/${NAME}`, `AlluxioRuntime ${NS}/${NAME}`]);

    const get = (k: string) => JSON.parse(kubectl(['get', k, NAME, '-n', NS, '-o', 'json', '--show-managed-fields']));
    const ds = get('dataset');
    assert.deepEqual(ds.spec.mounts, [{ mountPoint: `${hdfsUrl}/data/${NAME}`, name: NAME }]);
    const managers = ds.metadata.managedFields.map((m: any) => `${m.manager}/${m.operation}`);
    assert.ok(managers.includes('alluxio-dl/Apply'), managers.join(', '));
    const rv = get('alluxioruntime').metadata.resourceVersion;

    // The same file again: server-side apply changes nothing (the runtime's spec is ours, unchanged).
    assert.equal((await applyFluid(t.deps, withOptions({ file }), () => undefined)).outcome, 'applied');
    const again = get('alluxioruntime');
    assert.equal(again.spec.replicas, 1);
    if (!controllers) assert.equal(again.metadata.resourceVersion, rv);

    // A bad quota: the schema check stops the apply unless the user says "Apply anyway".
    const bad = path.join(work, 'bad.yaml');
    fs.writeFileSync(bad, fluidYaml(hdfsUrl, 1).replace('quota: 256Mi', 'quota: 256MB'));
    t.prompter.answer = () => undefined;
    const refused = await applyFluid(t.deps, withOptions({ file: bad }), () => undefined);
    t.prompter.answer = (r) => (r.options?.modal ? r.actions[0] : undefined);
    assert.equal(refused.outcome, 'invalid');
    assert.match(refused.message ?? '', /error/);

    const row = fluidNodeId('runtime', NS, NAME);
    await waitForRow('the AlluxioRuntime row with its tier', row, (d) => /MEM 256Mi/.test(d), 30_000);
  });

  test('the Dataset row shows its cache states; after Warm Up (a DataLoad followed to Complete) its cached percentage rises', async () => {
    const id = fluidNodeId('dataset', NS, NAME);
    if (!controllers) {
      writeStatusAsFluidControllerWould(sb, 'dataset', NAME, datasetStatus(0, 3));
    }
    const before = await waitForRow(
      'the Dataset bound with a cached percentage',
      id,
      (d) => /^Bound · [\d.]+% cached/.test(d),
      controllers ? 300_000 : 30_000,
    );
    const pct0 = percentOf(before.description);
    assert.match(before.tooltip, /Cache capacity \| `256\.00MiB`/);
    // Fluid fills the hit ratios from two samples of Alluxio's metrics a minute apart (report.go): the
    // controllers leave them empty at first, and the tooltip leaves empty fields out.
    if (!controllers) assert.match(before.tooltip, /Local hit ratio/);
    assert.match(before.tooltip, new RegExp(`Runtime \\| \`${NAME}\` \\(alluxio\\)`));

    // Without the controllers, play Fluid's part for the DataLoad: Executing, then Complete.
    let standIn: Promise<void> | undefined;
    if (!controllers)
      standIn = (async () => {
        await waitFor('the DataLoad created', () => kubectl(['get', 'dataload', '-n', NS, '-o', 'name']).trim(), {
          timeoutMs: 30_000,
          intervalMs: 100,
        });
        writeStatusAsFluidControllerWould(sb, 'dataload', 'fe-warmup', {
          phase: 'Executing',
          duration: 'Unfinished',
          conditions: [],
        });
        writeStatusAsFluidControllerWould(sb, 'dataload', 'fe-warmup', {
          phase: 'Complete',
          duration: '4s',
          conditions: [
            {
              type: 'Complete',
              status: 'True',
              message: 'Reached expected number of succeeded pods',
              lastProbeTime: null,
              lastTransitionTime: null,
            },
          ],
        });
      })();
    const out = await fluidWarmUp(
      t.deps,
      withOptions({ dataset: NAME, namespace: NS, paths: ['/'], name: 'fe-warmup' }),
    );
    await standIn;
    assert.equal(out.outcome, 'complete', JSON.stringify(out));
    assert.equal(out.phase, 'Complete');
    assert.deepEqual(t.prompter.progressTitles.slice(-1), [`Warming up ${NAME}`]);
    const load = JSON.parse(kubectl(['get', 'dataload', 'fe-warmup', '-n', NS, '-o', 'json']));
    assert.deepEqual(load.spec.dataset, { name: NAME, namespace: NS });
    await waitForRow(
      'the DataLoad row Complete',
      fluidNodeId('dataload', NS, 'fe-warmup'),
      (d) => d.startsWith('Complete · '),
      30_000,
    );

    if (controllers) {
      // KWOK completed the loader Job's pod without running its script: run its command where it would have
      // reached Alluxio, in the runtime's master pod (the sandbox's real Alluxio behind it). Fluid makes a
      // single mount its own master's root UFS; the sandbox's one Alluxio keeps its mount table, where the
      // HDFS folder /data is /data, so the dataset's files are under /data/<name> there.
      const load = ['exec', '-n', NS, `${NAME}-master-0`, '-c', 'alluxio-master', '--', 'alluxio', 'fs', 'load'];
      await waitFor('alluxio fs load of the dataset in the master pod', () => kubectl([...load, `/data/${NAME}`]), {
        timeoutMs: 180_000,
        intervalMs: 1000,
      });
    } else {
      writeStatusAsFluidControllerWould(sb, 'dataset', NAME, datasetStatus(3, 3));
    }
    const after = await waitForRow(
      `the cached percentage above ${pct0}%`,
      id,
      (d) => percentOf(d) > pct0,
      controllers ? 300_000 : 30_000,
    );
    assert.match(after.tooltip, /DataLoad `fe-warmup` \| Complete/);
    let tip = after.tooltip;
    await waitFor(
      () => `the hit ratios in the Dataset's tooltip; it said: ${tip}`,
      async () => {
        tip = (await snapshot()).nodes.find((n) => n.id === id)?.tooltip ?? '';
        return /Local hit ratio \| `\d+\.\d%`/.test(tip);
      },
      { timeoutMs: controllers ? 180_000 : 30_000, intervalMs: 500 },
    );
  });
});
