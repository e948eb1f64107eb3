/** What the apply commands need, passed in by activate (and by integration tests with a scripted Prompter). */
import type { ApplyConflict } from '../../core/apply/conflict';
import type { ClusterTarget, HelmRevision } from '../../core/apply/helm-args';
import type { OpenFile } from '../../core/apply/open-files';
import type { PresubmitWarning } from '../../core/apply/presubmit';
import type { SettingsShape } from '../../core/settings';
import type { SchemaStore } from '../../core/schema/store';
import type { ClusterClient } from '../../k8s/cluster-client';
import type { Prompter } from '../../platform/prompter';
import type { OutputSink } from '../../tools/helm';
import type { RecentAnswers } from '../recent-answers';

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
  /** Remembers a choice as a setting (key without `alluxioDl.`): workspace settings when a folder is open. */
  saveSetting(key: string, value: string): Promise<void>;
  prompter: Prompter;
  /** The cluster the user chose (the connection service's client). */
  client(): Promise<ClusterClient>;
  /** For helm: the chosen kubeconfig file (when one is set or chosen), the context, and the namespace. */
  cluster(): ClusterTarget & { namespace: string };
  /** `data`: warm-ups and readiness checks (the commands they ran and what they printed). */
  outputs: { helm: Output; build: Output; upload: Output; submit: Output; data: Output };
  workspaceDir(): string | undefined;
  schemas(): SchemaStore;
  /** The post-renderer shipped with the extension (dist/cli/postrender.js), run for approved repairs. */
  postRendererScript(): string;
  /** Environment for spawned tools (PATH is where helm/arena/builders are looked up). */
  env(): NodeJS.ProcessEnv;
  /** Files open in editors (the active one marked): Install, Submit and Build use one that fits. */
  openEditors(): OpenFile[];
  /** Saves an open file's unsaved changes (before a tool reads it from disk); false when it could not. */
  saveFile(path: string): Promise<boolean>;
  /** Answers given before (release names and namespaces, the image built): the defaults next time. */
  recent: RecentAnswers;
  /** The namespace the explorer shows ('' = all), and switching it (the connection's useNamespace). */
  explorerNamespace(): string;
  showNamespace(namespace: string): Promise<void>;
  /**
   * Runs one of our commands (a fix offered by the data readiness check before a submit):
   * vscode.commands.executeCommand in the extension. Without it no fix is offered.
   */
  runCommand?(id: string, arg?: unknown): Promise<unknown>;
}

/** What an apply command found or did besides its outcome, for callers and tests. */
export interface ApplyDetails {
  /** install/upgrade: the change summary, the rendered preview, the release */
  summary?: string;
  preview?: string;
  release?: string;
  namespace?: string;
  /** values problems that stopped an install */
  errors?: string[];
  /** helm's stderr when it failed */
  stderr?: string;
  history?: HelmRevision[];
  revision?: number;
  nodes?: string[];
  builder?: string;
  tag?: string;
  /** The file a command used without asking (an open editor's). */
  file?: string;
  /** upload: the client pod the files went through (namespace/name) */
  pod?: string;
  /** upload: the HDFS paths written and the bytes sent */
  files?: string[];
  bytes?: number;
  warnings?: PresubmitWarning[];
  conflict?: ApplyConflict;
  forced?: boolean;
  commandLine?: string;
  /** install: the repairs listed in the preview (file: Kind name: from → to) */
  repairs?: string[];
}

/** What every apply command resolves with, so callers (and tests) can tell what happened. */
export interface ApplyOutcome extends ApplyDetails {
  ok: boolean;
  outcome: string;
  message?: string;
}

export function done(outcome: string, message?: string, details: ApplyDetails = {}): ApplyOutcome {
  return { ok: true, outcome, message, ...details };
}

export function stopped(outcome: string, message?: string, details: ApplyDetails = {}): ApplyOutcome {
  return { ok: false, outcome, message, ...details };
}

/** Offset → 1-based line, for messages about values files. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
