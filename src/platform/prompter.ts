/**
 * Every question a command asks the user (messages, pickers, inputs, file dialogs, previews,
 * progress), behind one interface so that integration tests can answer them without UI.
 * VsCodePrompter is the real one. One cancel convention: a dismissed question resolves undefined;
 * commands that cannot go on without an answer stop with `required()` (see commands/wizard.ts).
 */
import * as vscode from 'vscode';

export interface PickItem<T = unknown> {
  label: string;
  description?: string;
  detail?: string;
  picked?: boolean;
  value: T;
}

export interface MessageOptions {
  modal?: boolean;
  detail?: string;
}

export interface OpenFilesOptions {
  title: string;
  /** Folders may be chosen (default false). */
  folders?: boolean;
  /** Files may be chosen (default true). */
  files?: boolean;
  many?: boolean;
  filters?: Record<string, string[]>;
  openLabel?: string;
  /** The folder the dialog opens in. */
  defaultPath?: string;
}

export type ProgressReport = (message: string, increment?: number) => void;

export interface Prompter {
  info(message: string, options?: MessageOptions, ...actions: string[]): Promise<string | undefined>;
  warn(message: string, options?: MessageOptions, ...actions: string[]): Promise<string | undefined>;
  error(message: string, options?: MessageOptions, ...actions: string[]): Promise<string | undefined>;
  pickOne<T>(items: PickItem<T>[], options: { title: string; placeHolder?: string }): Promise<T | undefined>;
  pickMany<T>(items: PickItem<T>[], options: { title: string; placeHolder?: string }): Promise<T[] | undefined>;
  input(options: {
    title: string;
    prompt?: string;
    value?: string;
    validate?: (v: string) => string | undefined;
  }): Promise<string | undefined>;
  openFiles(options: OpenFilesOptions): Promise<string[] | undefined>;
  /** A save dialog; the chosen path, or undefined. The caller asks before replacing an existing file. */
  saveFile(options: { title: string; defaultPath?: string; saveLabel?: string }): Promise<string | undefined>;
  /** A read-only document beside the editor (rendered manifests, command lines). */
  showText(title: string, text: string, language?: string): Promise<void>;
  /** A read-only diff editor: before on the left, after on the right. */
  showDiff(title: string, before: string, after: string, language?: string): Promise<void>;
  /**
   * Runs a task under a cancellable notification progress; the signal aborts on Cancel. `quiet`:
   * a short wait shown in the status bar instead (not cancellable).
   */
  progress<T>(
    title: string,
    task: (report: ProgressReport, signal: AbortSignal) => Promise<T>,
    options?: { quiet?: boolean },
  ): Promise<T>;
  openSetting(id: string): Promise<void>;
}

const SCHEME = 'alluxio-dl-preview';

/** The real prompter: vscode.window, plus a read-only document provider for previews (owned, disposable). */
export class VsCodePrompter implements Prompter, vscode.Disposable {
  private readonly docs = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly registration: vscode.Disposable;
  private counter = 0;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(SCHEME, {
      onDidChange: this.changed.event,
      provideTextDocumentContent: (uri) => this.docs.get(uri.toString()) ?? '',
    });
  }

  private message(
    kind: 'info' | 'warn' | 'error',
    message: string,
    options: MessageOptions = {},
    actions: string[],
  ): Promise<string | undefined> {
    const show =
      kind === 'info'
        ? vscode.window.showInformationMessage
        : kind === 'warn'
          ? vscode.window.showWarningMessage
          : vscode.window.showErrorMessage;
    return Promise.resolve(show(message, { modal: options.modal, detail: options.detail }, ...actions));
  }

  info(message: string, options?: MessageOptions, ...actions: string[]) {
    return this.message('info', message, options, actions);
  }
  warn(message: string, options?: MessageOptions, ...actions: string[]) {
    return this.message('warn', message, options, actions);
  }
  error(message: string, options?: MessageOptions, ...actions: string[]) {
    return this.message('error', message, options, actions);
  }

  async pickOne<T>(items: PickItem<T>[], options: { title: string; placeHolder?: string }): Promise<T | undefined> {
    // A click elsewhere must not end a wizard: a walkthrough's button, for one, gives the focus back to
    // its page as the first question opens (Escape still cancels).
    const pick = await vscode.window.showQuickPick(items, {
      title: options.title,
      placeHolder: options.placeHolder,
      matchOnDescription: true,
      ignoreFocusOut: true,
    });
    return pick?.value;
  }

  async pickMany<T>(items: PickItem<T>[], options: { title: string; placeHolder?: string }): Promise<T[] | undefined> {
    const picks = await vscode.window.showQuickPick(items, {
      title: options.title,
      placeHolder: options.placeHolder,
      canPickMany: true,
      matchOnDescription: true,
      ignoreFocusOut: true,
    });
    return picks?.map((p) => p.value);
  }

  async input(options: {
    title: string;
    prompt?: string;
    value?: string;
    validate?: (v: string) => string | undefined;
  }): Promise<string | undefined> {
    return vscode.window.showInputBox({
      title: options.title,
      prompt: options.prompt,
      value: options.value,
      ignoreFocusOut: true,
      validateInput: options.validate,
    });
  }

  async openFiles(options: OpenFilesOptions): Promise<string[] | undefined> {
    const uris = await vscode.window.showOpenDialog({
      title: options.title,
      canSelectFiles: options.files ?? true,
      canSelectFolders: !!options.folders,
      canSelectMany: !!options.many,
      filters: options.filters,
      openLabel: options.openLabel,
      defaultUri: options.defaultPath ? vscode.Uri.file(options.defaultPath) : undefined,
    });
    return uris?.map((u) => u.fsPath);
  }

  async saveFile(options: { title: string; defaultPath?: string; saveLabel?: string }): Promise<string | undefined> {
    const uri = await vscode.window.showSaveDialog({
      title: options.title,
      saveLabel: options.saveLabel,
      defaultUri: options.defaultPath ? vscode.Uri.file(options.defaultPath) : undefined,
    });
    return uri?.fsPath;
  }

  private uri(title: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${++this.counter}/${title.replace(/[^\w.-]+/g, '-')}` });
    this.docs.set(uri.toString(), text);
    return uri;
  }

  async showText(title: string, text: string, language = 'yaml'): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(this.uri(title, text));
    await vscode.languages.setTextDocumentLanguage(doc, language);
    await vscode.window.showTextDocument(doc, {
      preview: true,
      viewColumn: vscode.ViewColumn.Beside,
      preserveFocus: true,
    });
  }

  async showDiff(title: string, before: string, after: string): Promise<void> {
    await vscode.commands.executeCommand(
      'vscode.diff',
      this.uri(`${title}-deployed.yaml`, before),
      this.uri(`${title}-new.yaml`, after),
      title,
      { preview: true, viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
    );
  }

  progress<T>(
    title: string,
    task: (report: ProgressReport, signal: AbortSignal) => Promise<T>,
    options: { quiet?: boolean } = {},
  ): Promise<T> {
    const location = options.quiet ? vscode.ProgressLocation.Window : vscode.ProgressLocation.Notification;
    return Promise.resolve(
      vscode.window.withProgress({ location, title, cancellable: !options.quiet }, (progress, token) => {
        const controller = new AbortController();
        const sub = token.onCancellationRequested(() => controller.abort());
        return task((message, increment) => progress.report({ message, increment }), controller.signal).finally(() =>
          sub.dispose(),
        );
      }),
    );
  }

  async openSetting(id: string): Promise<void> {
    await vscode.commands.executeCommand('workbench.action.openSettings', id);
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
    this.docs.clear();
  }
}

/** An output channel that never takes focus by itself ; shown only when the user asks. */
export class ToolOutput implements vscode.Disposable {
  private channel: vscode.OutputChannel | undefined;
  constructor(readonly name: string) {}
  append(text: string): void {
    (this.channel ??= vscode.window.createOutputChannel(this.name)).append(text);
  }
  show(): void {
    (this.channel ??= vscode.window.createOutputChannel(this.name)).show(true);
  }
  dispose(): void {
    this.channel?.dispose();
  }
}
