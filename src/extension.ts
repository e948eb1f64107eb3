import * as vscode from 'vscode';
import { generalCommands } from './commands/general';
import { registerCommands } from './platform/commands';
import { Config } from './platform/config';
import { createLog } from './platform/log';
import { ClusterExplorer } from './views/explorer';

/** Builds the services, registers views and commands. Nothing else happens here. */
export function activate(context: vscode.ExtensionContext): void {
  const started = Date.now();
  const log = createLog(context);
  const config = new Config();
  const explorer = new ClusterExplorer(config, log);
  context.subscriptions.push(
    explorer,
    ...registerCommands({ ...generalCommands({ log, explorer }) }, log),
  );
  log.info(`activated in ${Date.now() - started} ms`);
}

export function deactivate(): void {
  // Everything started is owned by context.subscriptions and disposed by VS Code.
}
