import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { chartArgs, parseChartSource } from '../../../src/core/apply/chart-source';
import {
  checkReleaseName,
  dryRunRelease,
  helmErrorLine,
  hooksNotRun,
  isReleaseNotFound,
  rollbackArgs,
  upgradeInstallArgs,
} from '../../../src/core/apply/helm-args';

test('chart source: local folder, tgz, relative, ~, repo URL#NAME@VERSION, oci, errors', () => {
  assert.deepEqual(parseChartSource('/charts/alluxio', 'S'), {
    ok: true,
    value: { type: 'local', path: '/charts/alluxio', archive: false },
  });
  assert.deepEqual(parseChartSource('charts/alluxio-0.12.0.tgz', 'S', '/ws'), {
    ok: true,
    value: { type: 'local', path: '/ws/charts/alluxio-0.12.0.tgz', archive: true },
  });
  assert.deepEqual(parseChartSource('~/c', 'S', undefined, '/home/u'), {
    ok: true,
    value: { type: 'local', path: '/home/u/c', archive: false },
  });
  assert.deepEqual(parseChartSource('https://charts.example.com/x#alluxio@0.6.54', 'S'), {
    ok: true,
    value: { type: 'repo', repoUrl: 'https://charts.example.com/x', name: 'alluxio', version: '0.6.54' },
  });
  assert.deepEqual(parseChartSource('https://charts.example.com#hdfs-k8s', 'S'), {
    ok: true,
    value: { type: 'repo', repoUrl: 'https://charts.example.com', name: 'hdfs-k8s', version: undefined },
  });
  assert.deepEqual(parseChartSource('oci://reg.io/charts/alluxio@1.2.3', 'S'), {
    ok: true,
    value: { type: 'oci', ref: 'oci://reg.io/charts/alluxio', version: '1.2.3' },
  });
  const unset = parseChartSource('', 'alluxioDl.charts.alluxio');
  assert.equal(unset.ok, false);
  assert.match(!unset.ok ? unset.error : '', /set alluxioDl\.charts\.alluxio/);
  assert.equal(parseChartSource('ftp://x#a@1', 'S').ok, false);
  assert.equal(parseChartSource('https://x#--set=a@1', 'S').ok, false, 'a chart name cannot be a flag');
  assert.equal(parseChartSource('relative/path', 'S').ok, false, 'relative without a workspace');
  assert.deepEqual(chartArgs({ type: 'repo', repoUrl: 'https://r', name: 'alluxio', version: '0.6.54' }), {
    chart: 'alluxio',
    flags: ['--repo=https://r', '--version=0.6.54'],
  });
});

test('upgrade --install: flags with attached values, then -- and the positionals; dry run asks for JSON', () => {
  const req = {
    release: 'alluxio',
    namespace: 'ml',
    kubeconfig: '/k',
    kubeContext: 'c',
    chart: { type: 'local' as const, path: '/c', archive: false },
    valuesFiles: ['-weird.yaml'],
    set: ['fuse.enabled=true'],
    postRenderer: { program: '/bin/node', args: ['/p.js'] },
  };
  assert.deepEqual(upgradeInstallArgs(req, { dryRun: false }), [
    'upgrade',
    '--install',
    '--create-namespace',
    '--namespace=ml',
    '--kubeconfig=/k',
    '--kube-context=c',
    '--values=-weird.yaml',
    '--set=fuse.enabled=true',
    '--post-renderer=/bin/node',
    '--post-renderer-args=/p.js',
    '--',
    'alluxio',
    '/c',
  ]);
  const dry = upgradeInstallArgs({ ...req, postRenderer: undefined, set: [] }, { dryRun: true });
  assert.deepEqual(dry.slice(-5), ['--dry-run', '--output=json', '--', 'alluxio', '/c']);
  assert.deepEqual(rollbackArgs({ release: 'r', namespace: 'n' }, 3), ['rollback', '--namespace=n', '--', 'r', '3']);
});

test('release names follow helm rules', () => {
  assert.equal(checkReleaseName('alluxio'), undefined);
  assert.match(checkReleaseName('--dry-run') ?? '', /not a valid release name/);
  assert.match(checkReleaseName('A') ?? '', /not a valid/);
  assert.match(checkReleaseName('a'.repeat(54)) ?? '', /53/);
});

test('dry-run JSON: manifest and hooks; which hooks an upgrade skips', () => {
  const out =
    'WARNING: x\n' +
    JSON.stringify({
      manifest: 'kind: A',
      hooks: [
        { path: 'c.yaml', events: ['pre-install'], manifest: 'kind: ConfigMap' },
        { path: 'd.yaml', events: ['pre-install', 'pre-upgrade'], manifest: 'kind: Job' },
      ],
    });
  const r = dryRunRelease(out);
  assert.equal(r.manifest, 'kind: A');
  assert.deepEqual(
    hooksNotRun(r.hooks, true).map((h) => h.path),
    ['c.yaml'],
  );
  assert.deepEqual(
    hooksNotRun(r.hooks, false).map((h) => h.path),
    [],
  );
});

test('helm errors: the Error: line without UPGRADE/INSTALLATION FAILED; the causes of "N errors occurred"', () => {
  assert.equal(
    helmErrorLine('W warn\nError: INSTALLATION FAILED: chart requires kubeVersion\n'),
    'chart requires kubeVersion',
  );
  assert.equal(
    helmErrorLine(
      'Error: UPGRADE FAILED: failed to create resource: 1 error occurred:\n\t* StatefulSet.apps "alluxio-master" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n\n',
    ),
    'failed to create resource: StatefulSet.apps "alluxio-master" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
  );
  assert.equal(
    helmErrorLine('Error: 2 errors occurred:\n\t* a is invalid\n\t* b is invalid\n'),
    'a is invalid; b is invalid',
  );
  assert.equal(helmErrorLine('Error: 1 error occurred:\n'), '1 error occurred:', 'no causes: the line as it is');
  assert.ok(isReleaseNotFound('Error: release: not found'));
  assert.ok(!isReleaseNotFound('Error: Kubernetes cluster unreachable'));
});
