import * as vscode from 'vscode';
import { UserError, type CommandTable } from '../platform/commands';
import { describeError as describe } from '../platform/log';
import { RESOURCES } from '../core/model/kinds';
import type { TreeNodeData } from '../core/model/types';
import type { ClusterExplorer } from '../views/explorer';
import { ExplorerNode } from '../views/explorer-node';
import { REVEAL_COMMAND } from '../views/items/info';
import { ResourceDocuments } from '../views/resource-documents';

export interface ExplorerCommandDeps {
  explorer: ClusterExplorer;
  documents: ResourceDocuments;
  log: vscode.LogOutputChannel;
}

/** Item commands receive the tree element (a node id); from the palette they use the selection. */
function target(
  deps: ExplorerCommandDeps,
  id: unknown,
  need: (d: TreeNodeData) => unknown,
  what: string,
): TreeNodeData {
  const d = deps.explorer.resolve(typeof id === 'string' || id instanceof ExplorerNode ? id : undefined);
  if (!d) throw new UserError(`${what}: select an item in the Alluxio DL explorer first (it may have disappeared).`);
  if (!need(d)) throw new UserError(`${what} is not available for "${d.label}".`);
  return d;
}

async function open(uri: vscode.Uri, language: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, language);
  await vscode.window.showTextDocument(doc, { preview: true });
}

export function explorerCommands(deps: ExplorerCommandDeps): CommandTable {
  const { explorer } = deps;
  return {
    'alluxioDl.switchContext': {
      /** With a context name (other commands, tests): switch without asking. */
      run: async (name?: unknown) => {
        explorer.refresh();
        if (typeof name === 'string') {
          if (!explorer.contexts.some((c) => c.name === name))
            throw new UserError(`No context "${name}" in the kubeconfig.`);
          return explorer.useContext(name);
        }
        const items = explorer.contexts.map((c) => ({
          label: c.name,
          description: c.name === explorer.context ? '(current)' : '',
          detail: `cluster ${c.cluster || '?'} · user ${c.user || '?'}${c.namespace ? ` · namespace ${c.namespace}` : ''}`,
        }));
        if (!items.length) throw new UserError('No kubeconfig context found: set alluxioDl.kubeconfig or KUBECONFIG.');
        const pick = await vscode.window.showQuickPick(items, {
          title: 'Kubernetes context for Alluxio DL',
          placeHolder: 'Your kubeconfig is not changed',
        });
        if (pick) await explorer.useContext(pick.label);
      },
    },
    'alluxioDl.switchNamespace': {
      /** With a namespace ('' = all): switch without asking. */
      run: async (given?: unknown) => {
        if (typeof given === 'string') return explorer.useNamespace(given);
        const ALL = '$(globe) All namespaces';
        const OTHER = '$(edit) Other…';
        let names: string[] = [];
        try {
          names = await (await explorer.client()).namespaces();
        } catch (e) {
          deps.log.info(`switchNamespace: ${(e as Error).message}`);
        }
        const items = [
          ...names.map((n) => ({ label: n, description: n === explorer.namespace ? '(current)' : '' })),
          { label: ALL, description: explorer.namespace === '' ? '(current)' : '' },
          { label: OTHER, description: names.length ? '' : 'listing namespaces is not allowed' },
        ];
        const pick = await vscode.window.showQuickPick(items, { title: `Namespace in ${explorer.context}` });
        if (!pick) return;
        let ns = pick.label === ALL ? '' : pick.label;
        if (pick.label === OTHER) {
          const typed = await vscode.window.showInputBox({
            title: 'Namespace',
            value: explorer.namespace,
            validateInput: (v) =>
              /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v) ? undefined : 'A DNS label: lowercase letters, digits and -',
          });
          if (typed === undefined) return;
          ns = typed;
        }
        await explorer.useNamespace(ns);
      },
    },
    'alluxioDl.describe': {
      run: async (id?: unknown) => {
        const d = target(deps, id, (x) => x.ref, 'Describe');
        const uri = ResourceDocuments.uri(explorer.context, 'yaml', d.ref!);
        deps.documents.refresh(uri); // an already open document shows the current object
        await open(uri, 'yaml');
      },
    },
    'alluxioDl.showEvents': {
      run: async (id?: unknown) => {
        const d = target(deps, id, (x) => x.ref, 'Show Events');
        const uri = ResourceDocuments.uri(explorer.context, 'events', d.ref!);
        deps.documents.refresh(uri);
        await open(uri, 'log');
      },
    },
    'alluxioDl.deleteResource': {
      run: async (id?: unknown) => {
        const d = target(deps, id, (x) => x.ref && x.contextValue.split(' ').includes('delete'), 'Delete');
        const ref = d.ref!;
        const kind = RESOURCES[ref.kind].kind;
        const name = `${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
        const detail =
          ref.kind === 'pods'
            ? 'Its controller, if any, will create a replacement.'
            : ref.kind === 'configmaps'
              ? "This deletes Arena's record of the job; delete its pods or TFJob separately."
              : 'Its pods will be deleted too.';
        const ok = await vscode.window.showWarningMessage(
          `Delete ${kind} ${name} in context ${explorer.context}?`,
          { modal: true, detail },
          'Delete',
        );
        if (ok !== 'Delete') return false;
        await (await explorer.client()).delete(ref.kind, ref.namespace, ref.name);
        deps.log.info(`deleted ${kind} ${name} in ${explorer.context}`);
        return true;
      },
    },
    'alluxioDl.openWebUi': {
      run: async (id?: unknown) => {
        const d = target(deps, id, (x) => x.webUi, 'Open Web UI');
        const { namespace, pod, port } = d.webUi!;
        const forward = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Window, title: `Port-forwarding ${pod}:${port}` },
          async () => (await explorer.client()).portForward(namespace, pod, port),
        );
        deps.log.info(`port-forward 127.0.0.1:${forward.localPort} → ${namespace}/${pod}:${port}`);
        // Not awaited: mapping the address for a remote window and the browser (or a prompt) must not
        // hold the command; the forward stays open until the context changes or the window closes.
        void vscode.env
          .asExternalUri(vscode.Uri.parse(`http://127.0.0.1:${forward.localPort}/`))
          .then((uri) => vscode.env.openExternal(uri))
          .then(undefined, (e) => deps.log.warn(`Open Web UI: ${describe(e)}`));
        return forward.localPort;
      },
    },
    'alluxioDl.copyName': {
      run: async (id?: unknown) => {
        const d = target(deps, id, () => true, 'Copy Name');
        await vscode.env.clipboard.writeText(d.ref?.name ?? d.label);
      },
    },
    [REVEAL_COMMAND]: { run: (id: unknown) => (typeof id === 'string' ? explorer.reveal(id) : undefined) },
    'alluxioDl.explorer.snapshot': { run: () => explorer.snapshot() },
  };
}
