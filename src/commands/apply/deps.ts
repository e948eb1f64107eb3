/** What the apply commands need, passed in by activate (and by integration tests with a scripted Prompter). */
import type { SettingsShape } from '../../core/settings';
import type { ClusterTarget } from '../../core/apply/helm-args';
import type { TreeNodeData } from '../../core/model/types';
import type { SchemaStore } from '../../core/schema/store';
import type { ClusterClient } from '../../k8s/cluster-client';
import type { Prompter } from '../../platform/prompter';
import type { OutputSink } from '../../tools/helm';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface Output extends OutputSink {
  show(): void;
}

export interface ApplyDeps {
  log: Logger;
  settings(): SettingsShape;
  prompter: Prompter;
  /** The cluster of the explorer's current context. */
  client(): Promise<ClusterClient>;
  /** For helm: the kubeconfig setting's file (if set), the explorer's context, and its namespace. */
  target(): ClusterTarget & { namespace: string };
  /** Explorer item arguments (a tree element or id) → node data; undefined for other arguments. */
  resolveItem(arg: unknown): TreeNodeData | undefined;
  outputs: { helm: Output; build: Output; upload: Output; submit: Output };
  workspaceDir(): string | undefined;
  schemas(): SchemaStore;
  /** Environment for spawned tools (PATH is where helm/arena/builders are looked up). */
  env(): NodeJS.ProcessEnv;
}

/** What every apply command resolves with, so callers (and tests) can tell what happened. */
export interface ApplyOutcome {
  ok: boolean;
  outcome: string;
  message?: string;
  [extra: string]: unknown;
}

export function done(outcome: string, message?: string, extra: Record<string, unknown> = {}): ApplyOutcome {
  return { ok: true, outcome, message, ...extra };
}

export function stopped(outcome: string, message?: string, extra: Record<string, unknown> = {}): ApplyOutcome {
  return { ok: false, outcome, message, ...extra };
}

/** Offset → 1-based line, for messages about values files. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
