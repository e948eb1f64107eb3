/**
 * A kubeconfig whose client certificate is rotated on disk while the explorer is connected (real
 * kube-apiserver, certificates issued by the sandbox's own CA): an expired certificate gives a failure
 * node naming the expiry and what to do; a renewed one is picked up without a reload, and the tree
 * shows the cluster again, live.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ADMIN_USER, issueClientCert, kubeconfigYaml } from '../sandbox/pki';
import { EXTENSION_ID } from './index';
import { failures, tree } from './explorer-snapshot';
import { kubectl, sandboxInfo, type SandboxInfo } from './sandbox';

const HOUR = 3600_000;
const ALLUXIO_RELEASE = 'r:alluxio|default|alluxio';

suite('kubeconfig: a rotated client certificate (sandbox)', function () {
  this.timeout(300_000);
  const sb: SandboxInfo = sandboxInfo();
  const pkiDir = path.join(sb.dir, 'pki');
  let dir: string;
  let file: string;
  let previousKubeconfig: string | undefined;
  const pods: string[] = [];

  /** Writes the kubeconfig as most tools do: a new file renamed over the old one. */
  function writeKubeconfig(name: string, notBefore: Date, notAfter: Date): void {
    const { cert, key } = issueClientCert(pkiDir, name, `/O=system:masters/CN=${ADMIN_USER}`, notBefore, notAfter);
    const text = kubeconfigYaml(sb.server, path.join(pkiDir, 'ca.crt'), cert, key, sb.context, 'rotating-admin');
    fs.writeFileSync(`${file}.tmp`, text, { mode: 0o600 });
    fs.renameSync(`${file}.tmp`, file);
  }

  /** A pod created now shows in the tree: the explorer is live on the current credentials. */
  async function newPodShows(tag: string): Promise<void> {
    const name = `rot-${tag}-${Date.now() % 100000}`;
    pods.push(name);
    await kubectl(sb, [
      'run',
      name,
      '--image=busybox',
      '--labels=app=hdfs-client,release=hdfs',
      '--overrides={"spec":{"nodeName":"kwok-hdfs-0","tolerations":[{"operator":"Exists"}]}}',
    ]);
    await tree(`${name} in the tree`, (t) => t.nodes.some((n) => n.id.endsWith(`/${name}`)) && !failures(t).length);
  }

  suiteSetup(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    dir = fs.mkdtempSync(path.join(sb.dir, 'rotation-'));
    file = path.join(dir, 'config');
    writeKubeconfig('first', new Date(Date.now() - HOUR), new Date(Date.now() + 24 * HOUR));
    const config = vscode.workspace.getConfiguration('alluxioDl');
    previousKubeconfig = config.inspect<string>('kubeconfig')?.globalValue;
    await config.update('kubeconfig', file, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('alluxioDl.explorer.focus');
    await vscode.commands.executeCommand('alluxioDl.switchContext', sb.context);
    await vscode.commands.executeCommand('alluxioDl.switchNamespace', 'default');
    await tree('the preloaded releases', (t) => t.nodes.some((n) => n.id === ALLUXIO_RELEASE) && !failures(t).length);
  });

  suiteTeardown(async () => {
    await vscode.workspace
      .getConfiguration('alluxioDl')
      .update('kubeconfig', previousKubeconfig, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('alluxioDl.switchContext', sb.context).then(undefined, () => undefined);
    for (const p of pods)
      await kubectl(sb, ['delete', 'pod', p, '--wait=false', '--ignore-not-found']).catch(() => undefined);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('rotated while connected: the explorer keeps working on the new certificate', async () => {
    writeKubeconfig('second', new Date(Date.now() - HOUR), new Date(Date.now() + 24 * HOUR));
    await newPodShows('second');
  });

  test('an expired certificate: a failure node naming the expiry and what to do', async () => {
    const notAfter = new Date(Date.now() - 24 * HOUR);
    writeKubeconfig('expired', new Date(Date.now() - 48 * HOUR), notAfter);
    const t = await tree('a failure node for the expired certificate', (s) =>
      failures(s).some((n) => /client certificate expired/.test(n.description)),
    );
    const f = failures(t).find((n) => /client certificate expired/.test(n.description))!;
    const day = notAfter.toISOString().slice(0, 10);
    assert.match(f.label, /Credentials rejected \(401\)/);
    assert.ok(f.description.includes(`expired on ${day}`), f.description);
    assert.match(f.description, /user rotating-admin was rejected \(401 Unauthorized\)/);
    // The tooltip is Markdown, its punctuation escaped.
    const tooltip = (f.tooltip ?? '').replace(/\\(.)/g, '$1');
    assert.ok(tooltip.includes('Renew the client certificate of user rotating-admin'), tooltip);
    assert.ok(tooltip.includes(`write it into ${file}`), `the tooltip names the file: ${tooltip}`);
  });

  test('renewed after expiring: picked up without a reload, the tree is live again', async () => {
    writeKubeconfig('renewed', new Date(Date.now() - HOUR), new Date(Date.now() + 24 * HOUR));
    // Only the renewed certificate can end the 401s: the explorer is using it.
    await tree(
      'the releases again, no failure node',
      (t) => t.nodes.some((n) => n.id === ALLUXIO_RELEASE) && !failures(t).length,
    );
    await newPodShows('renewed');
  });
});
