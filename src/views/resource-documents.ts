import * as vscode from 'vscode';
import type { ClusterClient, ClusterEvent } from '../k8s/cluster-client';
import type { ResourceRef } from '../core/model/types';
import { RESOURCES, type ResourceKind } from '../core/model/kinds';

export const SCHEME = 'alluxio-dl-k8s';

/**
 * Read-only documents for Describe (YAML) and Show Events: alluxio-dl-k8s:/CONTEXT/yaml|events/KIND/NS/NAME.yaml.
 * Content comes from the current ClusterClient each time the document is opened or refreshed.
 */
export class ResourceDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration: vscode.Disposable;

  constructor(private readonly client: () => Promise<ClusterClient>) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(SCHEME, this);
  }

  static uri(context: string, what: 'yaml' | 'events', ref: ResourceRef): vscode.Uri {
    const path = [
      context,
      what,
      ref.kind,
      ref.namespace || '_',
      `${ref.name}.${what === 'yaml' ? 'yaml' : 'events.txt'}`,
    ]
      .map(encodeURIComponent)
      .join('/');
    return vscode.Uri.from({ scheme: SCHEME, path: `/${path}` });
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const [, what, kind, ns, file] = uri.path.slice(1).split('/').map(decodeURIComponent);
    const namespace = ns === '_' ? undefined : ns;
    const name = file.replace(/\.(yaml|events\.txt)$/, '');
    const client = await this.client();
    if (token.isCancellationRequested) return '';
    try {
      if (what === 'yaml') return await client.getYaml(kind as ResourceKind, namespace, name);
      return formatEvents(
        kind as ResourceKind,
        namespace,
        name,
        await client.events(kind as ResourceKind, namespace, name),
      );
    } catch (e) {
      return `# ${(e as Error).message}\n# ${(e as { hint?: string }).hint ?? ''}\n`;
    }
  }

  refresh(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}

export function formatEvents(
  kind: ResourceKind,
  namespace: string | undefined,
  name: string,
  events: ClusterEvent[],
): string {
  const head = `Events of ${RESOURCES[kind].kind} ${namespace ? `${namespace}/` : ''}${name}`;
  if (!events.length) return `${head}: none (events are kept for about an hour).\n`;
  const rows = events.map((e) => [e.lastSeen, e.type, e.reason, e.count > 1 ? `×${e.count}` : '', e.source, e.message]);
  const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...rows.map((r) => r[i].length)));
  return `${head}\n\n${rows.map((r) => r.map((c, i) => (i < 5 ? c.padEnd(widths[i]) : c)).join('  ')).join('\n')}\n`;
}
