import * as vscode from 'vscode';
import { applyCommands } from './commands/apply';
import { createApplyDeps } from './commands/apply/activate-deps';
import { authoringCommands } from './commands/authoring';
import { explorerCommands } from './commands/explorer';
import { generalCommands } from './commands/general';
import { logsCommands } from './commands/logs';
import { kubeConnectionFactory } from './logs/connection';
import { LogsService } from './logs/logs-service';
import { registerCommands } from './platform/commands';
import { Config } from './platform/config';
import { createLog } from './platform/log';
import { registerLanguageFeatures } from './language';
import { ClusterFacts } from './k8s/cluster-facts';
import { ClusterExplorer } from './views/explorer';
import { ResourceDocuments } from './views/resource-documents';
import { TrainingCurves } from './views/training-curve';

/** Builds the services, registers views and commands. Nothing else happens here. */
export function activate(context: vscode.ExtensionContext): void {
  const started = Date.now();
  const log = createLog(context);
  const config = new Config();
  const explorer = new ClusterExplorer({ config, log, state: context.workspaceState });
  const documents = new ResourceDocuments(() => explorer.client());
  const clusterChanged = new vscode.EventEmitter<void>();
  const facts = new ClusterFacts(
    () => explorer.client(),
    () => explorer.connection.namespace,
    () => clusterChanged.fire(),
    (m) => log.info(m),
  );
  const logs = new LogsService(
    kubeConnectionFactory(context.extensionPath, () => explorer.connection),
    config,
    log,
  );
  const curves = new TrainingCurves(context.extensionUri, logs);
  const apply = createApplyDeps(explorer, config, log, context.extensionPath);
  context.subscriptions.push(
    explorer,
    ...apply.disposables,
    documents,
    logs,
    curves,
    logs.onDidChangeProgress((c) => explorer.setJobProgress(c.job.namespace, c.job.name, c.text)),
    clusterChanged,
    explorer.onDidChangeConnection(() => {
      facts.reset();
      clusterChanged.fire();
      logs.resetConnection();
    }),
    ...registerLanguageFeatures({
      log,
      config,
      clusterContext: () => facts.current(),
      onDidChangeCluster: clusterChanged.event,
    }),
    ...registerCommands(
      {
        ...generalCommands({ log, explorer }),
        ...authoringCommands({ log, config, clusterOffers: () => facts.fetch() }),
        ...explorerCommands({ explorer, documents, log }),
        ...applyCommands(apply.deps),
        ...logsCommands({
          logs,
          curves,
          config,
          storageDir: vscode.Uri.joinPath(context.globalStorageUri, 'logs').fsPath,
        }),
      },
      log,
    ),
  );
  log.info(`activated in ${Date.now() - started} ms`);
}

export function deactivate(): void {
  // Everything started is owned by context.subscriptions and disposed by VS Code.
}
