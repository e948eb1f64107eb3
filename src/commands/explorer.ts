import * as path from 'node:path';
import * as vscode from 'vscode';
import { nodeOf, valueOf, type CommandTarget } from '../core/command-target';
import { RESOURCES } from '../core/model/kinds';
import type { TreeNodeData } from '../core/model/types';
import type { ClusterConnection } from '../connection/cluster-connection';
import { UserError, type CommandTable } from '../platform/commands';
import { describeError as describe } from '../platform/log';
import type { PickItem, Prompter } from '../platform/prompter';
import type { ClusterExplorer } from '../views/explorer';
import { REVEAL_COMMAND } from '../views/items/info';
import { ResourceDocuments } from '../views/resource-documents';

export interface ExplorerCommandDeps {
  /** The view: its selection, revealing a node, its snapshot. */
  explorer: Pick<ClusterExplorer, 'resolve' | 'reveal' | 'snapshot'>;
  connection: ClusterConnection;
  documents: ResourceDocuments;
  prompter: Prompter;
  log: vscode.LogOutputChannel;
}

/** Item commands run on the tree item; from the palette, on the explorer's selection. */
function itemOf(
  deps: ExplorerCommandDeps,
  target: CommandTarget,
  need: (d: TreeNodeData) => unknown,
  what: string,
): TreeNodeData {
  const d = target.type === 'node' ? nodeOf(target) : deps.explorer.resolve(undefined);
  if (!d) throw new UserError(`${what}: select an item in the Alluxio DL explorer first (it may have disappeared).`);
  if (!need(d)) throw new UserError(`${what} is not available for "${d.label}".`);
  return d;
}

async function open(uri: vscode.Uri, language: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, language);
  await vscode.window.showTextDocument(doc, { preview: true });
}

type ContextChoice = { type: 'context'; name: string; file: string } | { type: 'files' } | { type: 'default' };

/** Switch Kubernetes Context: every context of every kubeconfig file, or other kubeconfig files. */
async function switchContext(deps: ExplorerCommandDeps, target: CommandTarget): Promise<void> {
  const { connection, prompter } = deps;
  connection.reload();
  const given = valueOf(target);
  if (given !== undefined) {
    const found = connection.contexts.find((c) => c.name === given && !c.shadowed);
    if (!found) throw new UserError(`No context "${given}" in the kubeconfig.`);
    return connection.useContext(found.name, found.file);
  }
  const kc = connection.kubeconfig;
  const several = kc.files.length > 1;
  const current = connection.currentEntry;
  const items: PickItem<ContextChoice>[] = connection.contexts.map((c) => ({
    label: c.name,
    description: [
      c === current ? '(current)' : '',
      several || c.shadowed ? `from ${path.basename(c.file)}` : '',
      c.shadowed ? '(same name as a context of an earlier file)' : '',
    ]
      .filter(Boolean)
      .join(' '),
    detail: `cluster ${c.cluster || '?'} · user ${c.user || '?'}${c.namespace ? ` · namespace ${c.namespace}` : ''}${several || c.shadowed ? ` · ${c.file}` : ''}`,
    value: { type: 'context', name: c.name, file: c.file },
  }));
  items.push({
    label: '$(folder-opened) Choose kubeconfig file(s)…',
    description: 'several files are merged, as with KUBECONFIG',
    value: { type: 'files' },
  });
  if (kc.origin === 'chosen')
    items.push({
      label: '$(discard) Use the default kubeconfig',
      description: 'alluxioDl.kubeconfig, else KUBECONFIG, else ~/.kube/config',
      value: { type: 'default' },
    });
  const pick = await prompter.pickOne(items, {
    title: 'Kubernetes context for Alluxio DL',
    placeHolder: `Your kubeconfig is not changed · reading ${kc.files.join(', ') || kc.candidates.join(', ')}`,
  });
  if (!pick) return;
  if (pick.type === 'context') return connection.useContext(pick.name, pick.file);
  if (pick.type === 'default') return connection.useKubeconfigFiles(undefined);
  return chooseKubeconfigFiles(deps);
}

/** A file dialog for one or more kubeconfig files (merged in the order chosen). */
export async function chooseKubeconfigFiles(deps: Pick<ExplorerCommandDeps, 'connection' | 'prompter'>) {
  const files = await deps.prompter.openFiles({
    title: 'Kubeconfig file(s) for Alluxio DL',
    many: true,
    openLabel: 'Use',
    defaultPath: deps.connection.kubeconfig.files[0] ? path.dirname(deps.connection.kubeconfig.files[0]) : undefined,
  });
  if (!files?.length) return;
  await deps.connection.useKubeconfigFiles(files);
  const kc = deps.connection.kubeconfig;
  if (kc.files.length === 0)
    throw new UserError(
      `None of the chosen files could be read as a kubeconfig: ${kc.problems.join('; ') || files.join(', ')}.`,
    );
  if (kc.problems.length) void deps.prompter.warn(`Alluxio DL: some files were skipped: ${kc.problems.join('; ')}`);
}

async function switchNamespace(deps: ExplorerCommandDeps, target: CommandTarget): Promise<void> {
  const { connection, prompter } = deps;
  const given = valueOf(target);
  if (given !== undefined) return connection.useNamespace(given);
  const ALL = '\u0000all';
  const OTHER = '\u0000other';
  let names: string[] = [];
  try {
    names = await (await connection.client()).namespaces();
  } catch (e) {
    deps.log.info(`switchNamespace: ${(e as Error).message}`);
  }
  const current = connection.namespace;
  const items: PickItem<string>[] = [
    ...names.map((n) => ({ label: n, description: n === current ? '(current)' : '', value: n })),
    { label: '$(globe) All namespaces', description: current === '' ? '(current)' : '', value: ALL },
    { label: '$(edit) Other…', description: names.length ? '' : 'listing namespaces is not allowed', value: OTHER },
  ];
  const pick = await prompter.pickOne(items, { title: `Namespace in ${connection.context}` });
  if (pick === undefined) return;
  let ns = pick === ALL ? '' : pick;
  if (pick === OTHER) {
    const typed = await prompter.input({
      title: 'Namespace',
      value: current,
      validate: (v) =>
        /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v) ? undefined : 'A DNS label: lowercase letters, digits and -',
    });
    if (typed === undefined) return;
    ns = typed;
  }
  await connection.useNamespace(ns);
}

export function explorerCommands(deps: ExplorerCommandDeps): CommandTable {
  const { explorer, connection } = deps;
  return {
    'alluxioDl.switchContext': { run: (t) => switchContext(deps, t) },
    'alluxioDl.chooseKubeconfig': { run: () => chooseKubeconfigFiles(deps) },
    'alluxioDl.switchNamespace': { run: (t) => switchNamespace(deps, t) },
    'alluxioDl.describe': {
      run: async (t) => {
        const d = itemOf(deps, t, (x) => x.ref, 'Describe');
        const uri = ResourceDocuments.uri(connection.context, 'yaml', d.ref!);
        deps.documents.refresh(uri); // an already open document shows the current object
        await open(uri, 'yaml');
      },
    },
    'alluxioDl.showEvents': {
      run: async (t) => {
        const d = itemOf(deps, t, (x) => x.ref, 'Show Events');
        const uri = ResourceDocuments.uri(connection.context, 'events', d.ref!);
        deps.documents.refresh(uri);
        await open(uri, 'log');
      },
    },
    'alluxioDl.deleteResource': {
      run: async (t) => {
        const d = itemOf(deps, t, (x) => x.ref && x.contextValue.split(' ').includes('delete'), 'Delete');
        const ref = d.ref!;
        const kind = RESOURCES[ref.kind].kind;
        const name = `${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
        const detail =
          ref.kind === 'pods'
            ? 'Its controller, if any, will create a replacement.'
            : ref.kind === 'configmaps'
              ? "This deletes Arena's record of the job; delete its pods or TFJob separately."
              : 'Its pods will be deleted too.';
        const ok = await deps.prompter.warn(
          `Delete ${kind} ${name} in context ${connection.context}?`,
          { modal: true, detail },
          'Delete',
        );
        if (ok !== 'Delete') return false;
        await (await connection.client()).delete(ref.kind, ref.namespace, ref.name);
        deps.log.info(`deleted ${kind} ${name} in ${connection.context}`);
        return true;
      },
    },
    'alluxioDl.openWebUi': {
      run: async (t) => {
        const d = itemOf(deps, t, (x) => x.webUi, 'Open Web UI');
        const { namespace, pod, port } = d.webUi!;
        const forward = await deps.prompter.progress(
          `Port-forwarding ${pod}:${port}`,
          async () => (await connection.client()).portForward(namespace, pod, port),
          { quiet: true },
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
      run: async (t) => {
        const d = itemOf(deps, t, () => true, 'Copy Name');
        await vscode.env.clipboard.writeText(d.ref?.name ?? d.label);
      },
    },
    [REVEAL_COMMAND]: { run: (t) => (t.type === 'node' ? explorer.reveal(t.id) : undefined) },
    'alluxioDl.explorer.snapshot': { run: () => explorer.snapshot() },
  };
}
