import * as path from 'node:path';
import * as vscode from 'vscode';
import { DiagnosticsController } from './diagnostics';
import { CodeActionProvider, CompletionProvider, HoverProvider } from './features';
import { WholeFileSnippets } from './file-snippets';
import { AuthoringService, DOCKERFILE_SELECTOR, YAML_SELECTOR, type LanguageDeps } from './service';

export type { LanguageDeps } from './service';

/**
 * Completion, hover, diagnostics and quick fixes for our YAML files and Dockerfiles. Cheap to call:
 * schemas are read and compiled on the first document that needs them.
 */
export function registerLanguageFeatures(deps: LanguageDeps): vscode.Disposable[] {
  const service = new AuthoringService(deps);
  const diagnostics = new DiagnosticsController(service, deps.log);
  return [
    diagnostics,
    vscode.languages.registerCompletionItemProvider(YAML_SELECTOR, new CompletionProvider(service), ':', ' ', '.'),
    vscode.languages.registerCompletionItemProvider(
      YAML_SELECTOR,
      new WholeFileSnippets(path.join(deps.extensionPath, 'snippets', 'yaml-files.json')),
    ),
    vscode.languages.registerHoverProvider(YAML_SELECTOR, new HoverProvider(service)),
    vscode.languages.registerCodeActionsProvider(
      [...(YAML_SELECTOR as vscode.DocumentFilter[]), ...(DOCKERFILE_SELECTOR as vscode.DocumentFilter[])],
      new CodeActionProvider(service),
      {
        providedCodeActionKinds: CodeActionProvider.kinds,
      },
    ),
    deps.config.onDidChange(() => diagnostics.refreshAll()),
    ...(deps.onDidChangeCluster ? [deps.onDidChangeCluster(() => diagnostics.refreshAll())] : []),
  ];
}
