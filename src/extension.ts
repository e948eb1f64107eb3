import * as vscode from 'vscode';
import { applyCommands } from './commands/apply';
import { createApplyDeps } from './commands/apply/activate-deps';
import { authoringCommands } from './commands/authoring';
import { dataCommands } from './commands/data';
import { DataEvents } from './commands/data/events';
import { dataNodeId } from './core/model/data-id';
import { explorerCommands } from './commands/explorer';
import { fluidCommands } from './commands/fluid';
import { generalCommands } from './commands/general';
import { logsCommands } from './commands/logs';
import { RecentAnswers } from './commands/recent-answers';
import { ClusterConnection } from './connection/cluster-connection';
import { LogsService } from './follow/logs-service';
import { ClusterFacts } from './k8s/cluster-facts';
import { registerLanguageFeatures } from './language';
import { registerCommands } from './platform/commands';
import { Config } from './platform/config';
import { createLog } from './platform/log';
import { VsCodePrompter } from './platform/prompter';
import { ClusterExplorer } from './views/explorer';
import { ResourceDocuments } from './views/resource-documents';
import { TrainingCurves } from './views/training-curve';
import { WalkthroughProgress } from './views/walkthrough-progress';

/** Builds the services, registers views and commands. Nothing else happens here. */
export function activate(context: vscode.ExtensionContext): void {
  const started = Date.now();
  const log = createLog(context);
  const config = new Config();
  const prompter = new VsCodePrompter();
  // The one owner of "which cluster": every feature below gets its client from here.
  const connection = new ClusterConnection({
    kubeconfigSetting: () => config.get().kubeconfig,
    state: context.workspaceState,
    log,
  });
  const explorer = new ClusterExplorer({ connection, config, log });
  const documents = new ResourceDocuments(() => connection.client());
  const clusterChanged = new vscode.EventEmitter<void>();
  const facts = new ClusterFacts(
    () => connection.client(),
    () => connection.namespace,
    () => clusterChanged.fire(),
    (m) => log.info(m),
  );
  const logs = new LogsService(() => connection.acquire(), config, log);
  const curves = new TrainingCurves(context.extensionUri, logs);
  const recent = new RecentAnswers(context.workspaceState);
  const apply = createApplyDeps(connection, prompter, config, log, context.extensionPath, recent);
  // The data tree subscribes to dataEvents.onDidWarmUp to refresh the cache state it shows.
  const dataEvents = new DataEvents();
  const walkthrough = new WalkthroughProgress({
    client: () => connection.client(),
    namespace: () => connection.namespace,
    followedJobs: () => logs.all.length,
    state: context.workspaceState,
    log,
  });
  const commands = {
    ...generalCommands({ log, explorer, extensionId: context.extension.id }),
    ...authoringCommands({ log, config, recent, clusterOffers: () => facts.fetch() }, prompter),
    ...explorerCommands({ explorer, connection, documents, prompter, log }),
    ...applyCommands(apply.deps),
    ...dataCommands({
      ...apply.deps,
      events: dataEvents,
      reloadData: (ids) => explorer.reloadData(ids),
      activeJobFile: () => {
        const doc = vscode.window.activeTextEditor?.document;
        return doc?.languageId === 'yaml' && doc.uri.scheme === 'file' ? doc.uri.fsPath : undefined;
      },
    }),
    ...fluidCommands(apply.deps),
    ...logsCommands({
      logs,
      curves,
      config,
      prompter,
      storageDir: vscode.Uri.joinPath(context.globalStorageUri, 'logs').fsPath,
    }),
  };
  // After any command the walkthrough looks again (a release, label or job may have appeared); a successful
  // build is recorded for its build step.
  for (const [id, spec] of Object.entries(commands)) {
    (commands as Record<string, typeof spec>)[id] = {
      ...spec,
      run: async (...args) => {
        try {
          const r = (await spec.run(...args)) as { ok?: boolean; tag?: string } | undefined;
          if (id === 'alluxioDl.buildImage' && r?.ok && r.tag) await walkthrough.imageBuilt(r.tag);
          return r;
        } finally {
          walkthrough.poke();
        }
      },
    };
  }
  context.subscriptions.push(
    walkthrough,
    connection.onDidChange(() => walkthrough.poke()),
    logs.onDidChangeState(() => walkthrough.poke()),
    { dispose: () => connection.dispose() },
    prompter,
    explorer,
    ...apply.disposables,
    dataEvents,
    documents,
    logs,
    curves,
    logs.onDidChangeProgress((c) => explorer.setJobProgress(c.job.namespace, c.job.name, c.text)),
    dataEvents.onDidWarmUp((e) => {
      const release = { product: 'alluxio' as const, namespace: e.namespace, release: e.release };
      explorer.reloadData([
        dataNodeId({ release, what: 'cache', arg: '' }),
        dataNodeId({ release, what: 'files', arg: e.path }),
      ]);
    }),
    clusterChanged,
    connection.onDidChange(() => {
      facts.reset();
      clusterChanged.fire();
    }),
    ...registerLanguageFeatures({
      log,
      extensionPath: context.extensionPath,
      config,
      clusterContext: () => facts.current(),
      onDidChangeCluster: clusterChanged.event,
    }),
    ...registerCommands(commands, log, (id) => explorer.resolve(id)),
  );
  log.info(`activated in ${Date.now() - started} ms`);
}

export function deactivate(): void {
  // Everything started is owned by context.subscriptions and disposed by VS Code.
}
