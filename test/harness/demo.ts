/**
 * `npm run demo`: the extension in a real VS Code (code-server on 127.0.0.1), as a user sees it: notification
 * toasts, progress and Cancel show (no smoke-test driver; the extension is installed into the extensions
 * folder), the Welcome page opens on the "Train on HDFS through Alluxio" walkthrough's card, and helm, kubectl
 * and the chart sources are set so the palette works at once.
 *
 *   npm run demo                      a local sandbox cluster with HDFS, Alluxio and a training job preloaded
 *   npm run demo -- --fresh           a sandbox with nothing installed (every walkthrough step to do)
 *   npm run demo -- --context NAME    an existing kubeconfig context instead of the sandbox (none is started)
 *
 * Prints the URL to open in a browser; Ctrl+C stops everything.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fixturesDir } from '../fixtures/shared';
import { ensureCodeServer, ensureNode24, node24Binary } from './cache';
import { startCodeServer } from './code-server';
import { MissingPrerequisites, requirePrerequisites, systemProbe } from './prereqs';
import { withSandbox } from './sandbox';

const REPO = path.resolve(__dirname, '..', '..', '..');

export interface DemoArgs {
  context?: string;
  fresh: boolean;
}

export function parseDemoArgs(argv: readonly string[]): DemoArgs {
  const args: DemoArgs = { fresh: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--fresh') args.fresh = true;
    else if (a === '--context' || a.startsWith('--context=')) {
      const name = a === '--context' ? argv[++i] : a.slice('--context='.length);
      if (!name) throw new Error('--context needs a context name: npm run demo -- --context NAME');
      args.context = name;
    } else throw new Error(`unknown option ${a}; use --context NAME or --fresh`);
  }
  if (args.context && args.fresh) throw new Error('--fresh starts a sandbox; it does not go with --context');
  return args;
}

/**
 * The demo's settings. helm/kubectl paths are machine-scoped (VS Code ignores them in workspace settings),
 * so they go into the user settings; the chart sources into the workspace's .vscode/settings.json, pointing
 * at copies inside the workspace (so `helm dependency build` writes into the demo's folder only).
 */
export function demoSettings(
  workspace: string,
  tools: { helm?: string; kubectl?: string },
): { user: Record<string, unknown>; workspace: Record<string, unknown> } {
  const charts = path.join(workspace, 'charts');
  fs.mkdirSync(charts, { recursive: true });
  for (const chart of ['alluxio-chart-2.2', 'hdfs-k8s-chart'])
    fs.cpSync(path.join(fixturesDir(), chart), path.join(charts, chart), { recursive: true });
  const ws = {
    'alluxioDl.charts.alluxio': path.join(charts, 'alluxio-chart-2.2'),
    'alluxioDl.charts.hdfs': path.join(charts, 'hdfs-k8s-chart', 'hdfs-k8s'),
  };
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify(ws, null, 2) + '\n');
  return {
    user: {
      ...(tools.helm ? { 'alluxioDl.helmPath': tools.helm } : {}),
      ...(tools.kubectl ? { 'alluxioDl.kubectlPath': tools.kubectl } : {}),
      // the Welcome page, where the walkthrough's card is featured for this workspace
      'workbench.startupEditor': 'welcomePage',
    },
    workspace: ws,
  };
}

/**
 * A kubeconfig holding only `current-context: NAME`, put first in KUBECONFIG: merged as kubectl does, its
 * current context wins, and no credentials are copied. Throws when no file defines that context.
 */
function contextKubeconfig(name: string, kubectl: string, dir: string): string {
  const names = execFileSync(kubectl, ['config', 'get-contexts', '-o', 'name'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  if (!names.includes(name))
    throw new Error(
      `no context "${name}" in ${process.env.KUBECONFIG || '~/.kube/config'}; contexts: ${names.join(', ') || 'none'}`,
    );
  const file = path.join(dir, 'current-context.yaml');
  fs.writeFileSync(file, `apiVersion: v1\nkind: Config\ncurrent-context: ${JSON.stringify(name)}\n`, { mode: 0o600 });
  const rest = process.env.KUBECONFIG || path.join(os.homedir(), '.kube', 'config');
  return [file, rest].join(path.delimiter);
}

async function serve(
  nodeDir: string,
  entry: string,
  workspace: string,
  env: Record<string, string>,
  tools: { helm?: string; kubectl?: string },
  where: string,
): Promise<void> {
  const settings = demoSettings(workspace, tools);
  const server = await startCodeServer({
    node: node24Binary(nodeDir),
    entry,
    workspace,
    env,
    settings: settings.user,
    smokeTestDriver: false,
    installed: [REPO],
  });
  const url = `${server.url}/?folder=${encodeURIComponent(workspace)}`;
  fs.writeFileSync(
    path.join(workspace, 'README-demo.md'),
    [
      '# Alluxio DL demo',
      '',
      `Cluster: ${where}`,
      '',
      'On the Welcome page, open **Train on HDFS through Alluxio** (or run *Alluxio DL: Open Walkthrough*',
      'from the Command Palette). Each step is checked off when the cluster shows it done.',
      '',
    ].join('\n'),
  );
  console.log(
    `\nAlluxio DL demo is running.\n  Open: ${url}\n  Cluster: ${where}\n  Workspace: ${workspace}\nPress Ctrl+C to stop.\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  console.log('stopping…');
  await server.stop();
}

async function main(): Promise<void> {
  const args = parseDemoArgs(process.argv.slice(2));
  requirePrerequisites([args.context ? 'demo-context' : 'demo'], '`npm run demo`');
  const nodeDir = await ensureNode24();
  const entry = await ensureCodeServer(nodeDir);
  if (args.context) {
    const probe = systemProbe();
    const kubectl = probe.find('kubectl')!;
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'adl-demo-'));
    const workspace = path.join(root, 'ws');
    fs.mkdirSync(workspace);
    try {
      const KUBECONFIG = contextKubeconfig(args.context, kubectl, root);
      await serve(
        nodeDir,
        entry,
        workspace,
        { KUBECONFIG },
        { helm: probe.find('helm'), kubectl },
        `context ${args.context}`,
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
    return;
  }
  await withSandbox(
    REPO,
    async ({ env, workspace, helm, kubectl }) =>
      serve(nodeDir, entry, workspace, env, { helm, kubectl }, `the sandbox (KUBECONFIG=${env.KUBECONFIG})`),
    { preload: !args.fresh },
  );
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof MissingPrerequisites ? err.message : `demo failed: ${(err as Error).message}`);
    process.exit(1);
  });
}
