import * as vscode from 'vscode';
import { decodeTarget, type CommandTarget, type NodeResolver } from '../core/command-target';
import { describeError } from './log';

/**
 * One command: its handler and whether it runs an external program (helm, kubectl, docker, arena).
 * The handler gets the decoded target of its first argument; later arguments are passed as they came.
 */
export interface CommandSpec {
  run: (target: CommandTarget, ...rest: any[]) => unknown;
  /** Runs external programs: refused in an untrusted workspace. */
  runsTools?: boolean;
}

export type CommandTable = Record<string, CommandSpec>;

/** Thrown for failures whose message is already complete for the user (no stack needed). */
export class UserError extends Error {}

/**
 * Registers every command of the table through one wrapper: failures are logged to the extension's
 * log and shown once, with a "Show Log" action.
 */
export function registerCommands(
  table: CommandTable,
  log: vscode.LogOutputChannel,
  resolveNode: NodeResolver,
): vscode.Disposable[] {
  return Object.entries(table).map(([id, spec]) =>
    vscode.commands.registerCommand(id, async (arg?: unknown, ...rest: unknown[]) => {
      if (spec.runsTools && !vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage(
          `Alluxio DL: "${id}" runs external programs (helm, kubectl, docker or arena) and is disabled in an untrusted workspace. Trust this workspace (Workspaces: Manage Workspace Trust) to use it.`,
        );
        return undefined;
      }
      try {
        return await spec.run(decodeTarget(arg, resolveNode), ...rest);
      } catch (err) {
        reportFailure(id, err, log);
        return undefined;
      }
    }),
  );
}

function reportFailure(id: string, err: unknown, log: vscode.LogOutputChannel): void {
  if (err instanceof vscode.CancellationError) {
    log.info(`${id}: cancelled`);
    return;
  }
  const message = describeError(err);
  log.error(`${id} failed: ${message}`);
  if (err instanceof Error && err.stack && !(err instanceof UserError)) log.debug(err.stack);
  void vscode.window.showErrorMessage(`Alluxio DL: ${message}`, 'Show Log').then((choice) => {
    if (choice === 'Show Log') log.show(true);
  });
}
