/**
 * Charts written for older clusters, installed through the Install commands as a user would (every
 * question answered by the scripted window), against the sandbox's real API server and helm: the repairs
 * the preview lists, where the chart comes from, a release Helm marks failed, and an upgrade whose change
 * lands only in a hook that does not re-run.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyCommands } from '../../src/commands/apply';
import type { ApplyOutcome } from '../../src/commands/apply/deps';
import { decodeTarget } from '../../src/core/command-target';
import { ClusterModel } from '../../src/core/model/cluster-model';
import type { ResourceKind } from '../../src/core/model/kinds';
import { ExplorerTree } from '../../src/core/model/tree';
import { missingDependencies } from '../../src/tools/helm';
import { ALLUXIO_CONFIG_YAML } from '../sandbox/preload';
import { waitFor } from '../support/wait';
import { fixtures, makeDeps, sandboxInfo, type SandboxInfo, type TestDeps } from '../fixtures/apply/sandbox-deps';

const HDFS_NS = 'adl-repairs-hdfs';
const FAILED_NS = 'adl-repairs-failed';
const HOOK_NS = 'adl-repairs-hook';
const POLL = { timeoutMs: 60_000, intervalMs: 200 };

suite('chart repairs (sandbox)', function () {
  this.timeout(180_000);
  let info: SandboxInfo;
  let t: TestDeps;
  let run: (id: string, arg?: unknown) => Promise<ApplyOutcome>;
  let work: string;
  let fx: string;

  const helm = (args: string[]) =>
    execFileSync(info.helm, args, {
      env: t.env as NodeJS.ProcessEnv,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const status = (release: string, ns: string): string | undefined => {
    try {
      return JSON.parse(helm(['status', release, '-n', ns, '-o', 'json'])).info?.status;
    } catch {
      return undefined;
    }
  };
  /** The explorer's tree over what the cluster holds in one namespace (the model the view renders). */
  const treeOf = async (ns: string) => {
    const model = new ClusterModel();
    for (const kind of ['pods', 'statefulsets', 'daemonsets', 'deployments', 'helmreleases'] as ResourceKind[])
      model.reset(kind, (await t.client.list(kind, ns)).items);
    return new ExplorerTree(model);
  };

  suiteSetup(() => {
    info = sandboxInfo();
    fx = fixtures(['alluxio-chart-2.2/Chart.yaml', 'hdfs-k8s-chart/hdfs-k8s/Chart.yaml']);
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'adl-repairs-'));
    t = makeDeps(info, work);
    const table = applyCommands(t.deps);
    run = async (id, arg) => (await table[id].run(decodeTarget(arg))) as ApplyOutcome;
  });
  setup(() => t.prompter.reset());
  suiteTeardown(() => {
    for (const [release, ns] of [
      ['hdfs', HDFS_NS],
      ['alluxio', FAILED_NS],
      ['alluxio', HOOK_NS],
    ])
      if (info && status(release, ns)) helm(['uninstall', release, '-n', ns]);
    t?.client.dispose();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test("the guide's hdfs-k8s chart from Install HDFS: chart folder chosen and saved, repairs listed, installed with them", async () => {
    const charts = path.join(work, 'hdfs-k8s-chart');
    fs.cpSync(path.join(fx, 'hdfs-k8s-chart'), charts, { recursive: true });
    const chart = path.join(charts, 'hdfs-k8s');
    const valuesFile = path.join(work, 'hdfs-values.yaml');
    fs.writeFileSync(
      valuesFile,
      'tags:\n  ha: false\n  simple: true\nglobal:\n  namenodeHAEnabled: false\nhdfs-simple-namenode-k8s:\n  nodeSelector:\n    hdfs-namenode-selector: hdfs-namenode-0\n',
    );
    delete t.settings['charts.hdfs'];
    const offered: string[] = [];
    t.prompter.pick = (title, items) => {
      assert.match(title, /Where does the HDFS chart come from\?/);
      offered.push(...items.map((i) => `${i.label}${i.description ? ` (${i.description})` : ''}`));
      return items.find((i) => i.label === 'Chart folder…')?.value;
    };
    t.prompter.files = (title) =>
      /chart folder/.test(title) ? [chart] : /Values file/.test(title) ? [valuesFile] : undefined;
    t.prompter.inputValue = (title, value) =>
      /release name/.test(title) ? 'hdfs' : /^Namespace/.test(title) ? HDFS_NS : value;

    const r = await run('alluxioDl.installHdfs');
    assert.equal(r.outcome, 'installed', JSON.stringify(r) + t.outputs.helm.text.slice(-3000));
    assert.deepEqual(offered, ['Chart folder…', 'Chart archive (.tgz)…', 'Another Helm repository… (needs network)']);
    assert.equal(t.settings['charts.hdfs'], chart, 'the choice is remembered in alluxioDl.charts.hdfs');

    const modal = t.prompter.messages.find((m) => m.options?.modal)!;
    assert.deepEqual(modal.actions, ['Install with repairs', 'Install without repairs']);
    assert.match(modal.message, /The chart needs \d+ repairs for this cluster/);
    const repairs = r.repairs ?? [];
    assert.ok(
      repairs.some((l) =>
        /datanode-daemonset\.yaml: DaemonSet hdfs-datanode: apiVersion extensions\/v1beta1 → apiVersion apps\/v1$/.test(
          l,
        ),
      ),
      repairs.join('\n'),
    );
    assert.ok(
      repairs.some((l) => /StatefulSet hdfs-namenode: apiVersion apps\/v1beta1 → apiVersion apps\/v1$/.test(l)),
      repairs.join('\n'),
    );
    assert.match(
      t.prompter.texts[0].text,
      /# Repairs for this cluster[\s\S]*DaemonSet hdfs-datanode: apiVersion extensions\/v1beta1/,
    );
    assert.match(
      t.outputs.helm.text,
      /--post-renderer=.*--post-renderer-args=.*postrender\.js --post-renderer-args=--unserved=apps\/v1beta1/,
    );

    const ds = await waitFor(
      'hdfs-datanode DaemonSet',
      async () => (await t.client.list('daemonsets', HDFS_NS)).items.find((d) => d.metadata.name === 'hdfs-datanode'),
      POLL,
    );
    assert.deepEqual(ds.spec.selector.matchLabels, ds.spec.template.metadata.labels, 'the selector apps/v1 needs');
    assert.match(t.outputs.helm.text, /helm dependency build/);
    assert.ok(
      missingDependencies(chart).length > 0,
      "dependencies were built in a copy, not in the user's chart folder",
    );
    assert.ok(!fs.existsSync(path.join(chart, 'requirements.lock')), 'no lock file written into the chart folder');
  });

  test('a release Helm marks failed: its cause in the error, "failed" on its row though workers exist, the missing master a row', async () => {
    const valuesFile = path.join(work, 'failed-values.yaml');
    fs.writeFileSync(valuesFile, 'fuse:\n  enabled: true\n');
    const r = await run('alluxioDl.installAlluxio', {
      chart: path.join(fx, 'alluxio-chart-2.2'),
      valuesFile,
      release: 'alluxio',
      namespace: FAILED_NS,
      set: ['master.count=-1'],
    });
    assert.equal(r.outcome, 'helmFailed', JSON.stringify(r));
    assert.match(r.message ?? '', /^Install of Alluxio release alluxio in adl-repairs-failed failed: /);
    assert.match(r.message ?? '', /spec\.replicas: Invalid value: -1/, 'the cause helm printed');
    assert.doesNotMatch(r.message ?? '', /error occurred:?$/);
    assert.match(t.prompter.said('error')[0], /spec\.replicas: Invalid value: -1/);
    assert.equal(status('alluxio', FAILED_NS), 'failed');

    const tree = await waitFor(
      'the worker DaemonSet and the failed release secret',
      async () => {
        const tr = await treeOf(FAILED_NS);
        return /failed/.test(tr.node(`r:alluxio|${FAILED_NS}|alluxio`)?.description ?? '') &&
          tr.node(`c:alluxio|${FAILED_NS}|alluxio|worker`)
          ? tr
          : undefined;
      },
      POLL,
    );
    const row = tree.node(`r:alluxio|${FAILED_NS}|alluxio`)!;
    assert.equal(row.state, 'error');
    assert.match(row.description, /^adl-repairs-failed · failed · .*worker \d+\/\d+.* · master missing$/);
    assert.match(
      row.tooltip.replace(/\\(.)/g, '$1'),
      /revision 1 is \*\*failed\*\*: .*spec\.replicas: Invalid value: -1/,
    );
    const master = tree.node(`c:alluxio|${FAILED_NS}|alluxio|master`)!;
    assert.equal(master.description, 'missing · Helm: failed');
    assert.equal(master.state, 'error');
  });

  test('an upgrade whose quota lands only in the pre-install hook: the button says so; the tree shows the quota in the cluster', async () => {
    const config = (quota: string) => {
      const file = path.join(work, `config-${quota}.yaml`);
      fs.writeFileSync(file, ALLUXIO_CONFIG_YAML.replace('quota: 20GB', `quota: ${quota}`));
      return file;
    };
    const args = (quota: string) => ({
      chart: path.join(fx, 'alluxio-chart-2.2'),
      valuesFile: config(quota),
      release: 'alluxio',
      namespace: HOOK_NS,
      set: ['fuse.enabled=true'],
    });
    const installed = await run('alluxioDl.installAlluxio', args('20GB'));
    assert.equal(installed.outcome, 'installed', JSON.stringify(installed) + t.outputs.helm.text.slice(-2000));
    assert.ok(
      installed.repairs?.some((l) =>
        /StatefulSet alluxio-master: .*"- ReadWriteOnceresources:" → accessModes \[ReadWriteOnce\]/.test(l),
      ),
      String(installed.repairs),
    );
    t.prompter.reset();
    const upgraded = await run('alluxioDl.installAlluxio', args('30GB'));
    assert.equal(upgraded.outcome, 'upgraded', JSON.stringify(upgraded));
    const modal = t.prompter.messages.find((m) => m.options?.modal)!;
    assert.equal(modal.actions[0], 'Upgrade anyway — quota stays 20GB');
    assert.match(
      upgraded.summary ?? '',
      /alluxio\.worker\.tieredstore\.level0\.dirs\.quota stays 20GB in the cluster \(the values file says 30GB\)/,
    );

    const cache = await waitFor(
      'the Cache row after revision 2',
      async () => {
        const tr = await treeOf(HOOK_NS);
        const n = tr.node(`r:alluxio|${HOOK_NS}|alluxio>info:cache`);
        return n && /revision 2/.test(tr.node(`r:alluxio|${HOOK_NS}|alluxio`)?.tooltip ?? '') ? n : undefined;
      },
      POLL,
    );
    assert.equal(cache.description, 'MEM 20GB on /dev/shm');
    assert.match(cache.tooltip.replace(/\\(.)/g, '$1'), /the values say quota 30GB, but the cluster keeps 20GB/);
  });
});
