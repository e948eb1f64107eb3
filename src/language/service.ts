import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { analyzeYaml, type Analysis } from '../core/checks/diagnose';
import type { ClusterContext } from '../core/checks/cluster';
import type { Problem } from '../core/checks/types';
import { checkDockerfile } from '../core/dockerfile/check';
import type { SchemaChoice } from '../core/schema/select';
import { SchemaStore } from '../core/schema/store';
import type { Config } from '../platform/config';

export interface LanguageDeps {
  log: vscode.LogOutputChannel;
  /** Where the extension is installed (its snippets folder). */
  extensionPath: string;
  config: Config;
  /** Cluster facts for the checks (namenode services, node labels), when connected. */
  clusterContext?: () => ClusterContext | undefined;
  /** Fires when those facts change: every open document is checked again. */
  onDidChangeCluster?: vscode.Event<void>;
  /** Where the extension's schemas/ folder is; found from the bundle's location when omitted. */
  schemasDir?: string;
}

export const YAML_SELECTOR: vscode.DocumentSelector = [{ language: 'yaml' }];
export const DOCKERFILE_SELECTOR: vscode.DocumentSelector = [{ language: 'dockerfile' }];

/** Owns the schema store (loaded on first use) and the latest analysis of each open document. */
export class AuthoringService {
  private store: SchemaStore | undefined;
  private readonly cache = new Map<string, { version: number; analysis: Analysis }>();
  /** The schema each document had when it last parsed: kept while the user types an incomplete line. */
  private readonly lastSchema = new Map<string, SchemaChoice>();

  constructor(private readonly deps: LanguageDeps) {}

  schemas(): SchemaStore {
    this.store ??= new SchemaStore(this.deps.schemasDir);
    return this.store;
  }

  isDockerfile(doc: vscode.TextDocument): boolean {
    return doc.languageId === 'dockerfile' || /(^|[\\/.])Dockerfile(\.[\w-]+)?$/i.test(doc.fileName);
  }

  /** The analysis of a YAML document at its current version (computed once per version). */
  analyze(doc: vscode.TextDocument): Analysis {
    const key = doc.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === doc.version) return hit.analysis;
    const options = {
      store: this.schemas(),
      globs: this.deps.config.get(doc.uri).schemas,
      cluster: this.deps.clusterContext?.(),
    };
    const path = doc.uri.fsPath || doc.uri.path;
    const last = this.lastSchema.get(key);
    let analysis = analyzeYaml(doc.getText(), path, { ...options, previous: last });
    if (!analysis.schema && analysis.parsed.syntax.length && last)
      analysis = { ...analyzeYaml(doc.getText(), path, { ...options, schema: last.id }), schema: last };
    else if (analysis.schema) this.lastSchema.set(key, analysis.schema);
    else if (!analysis.parsed.syntax.length) this.lastSchema.delete(key);
    this.cache.set(key, { version: doc.version, analysis });
    return analysis;
  }

  problems(doc: vscode.TextDocument): Problem[] {
    if (this.isDockerfile(doc)) {
      const dir = vscode.Uri.joinPath(doc.uri, '..');
      return checkDockerfile(
        doc.getText(),
        doc.uri.scheme === 'file' ? (name) => existsSync(vscode.Uri.joinPath(dir, name).fsPath) : undefined,
      );
    }
    if (doc.languageId !== 'yaml') return [];
    return this.analyze(doc).problems;
  }

  forget(doc: vscode.TextDocument): void {
    this.cache.delete(doc.uri.toString());
    this.lastSchema.delete(doc.uri.toString());
  }

  invalidateAll(): void {
    this.cache.clear();
  }
}

export function toRange(doc: vscode.TextDocument, start: number, end: number): vscode.Range {
  return new vscode.Range(doc.positionAt(start), doc.positionAt(end));
}
