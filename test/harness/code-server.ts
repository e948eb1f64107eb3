/**
 * A real VS Code: code-server on 127.0.0.1 and a free port, in its own process group so that stopping
 * it also stops the extension host. User settings keep the workbench quiet and offline.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { killGroup, waitUntil } from './process';

export interface CodeServer {
  url: string;
  /** host:port, as the workbench's remote authority. */
  authority: string;
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
  /** The server's process id (the extension host is its descendant). */
  pid: number;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  node: string;
  entry: string;
  workspace: string;
  /** Extra environment for the server and so for the extension host. */
  env?: Record<string, string>;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  /** Workspace trust on (the folder opens untrusted, in restricted mode); off by default. */
  trust?: boolean;
  /**
   * The smoke-test driver (on by default): tests need it, since a built workbench honours the URL's
   * extensionDevelopmentPath/extensionTestsPath only with it; but it also hides every notification toast
   * (messages, progress, Cancel go straight to the bell). The demo turns it off and installs the
   * extension instead (`installed`).
   */
  smokeTestDriver?: boolean;
  /** Extension folders linked into the extensions folder, as if installed, e.g. the repository. */
  installed?: string[];
}

const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
  'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.enableExperiments': false,
};

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  // Short folder: code-server keeps a socket inside the user data dir.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'adl-cs-'));
  const userDataDir = path.join(root, 'ud');
  const extensionsDir = path.join(root, 'ext');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  for (const folder of opts.installed ?? []) {
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')) as Record<string, string>;
    fs.symlinkSync(folder, path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`));
  }
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        ...QUIET_SETTINGS,
        ...(opts.trust
          ? {
              'security.workspace.trust.enabled': true,
              'security.workspace.trust.startupPrompt': 'never',
              'security.workspace.trust.banner': 'never',
            }
          : {}),
        ...opts.settings,
      },
      null,
      2,
    ),
  );
  const logFile = path.join(root, 'code-server.log');
  const log = fs.openSync(logFile, 'a');
  const child = spawn(
    opts.node,
    [
      opts.entry,
      '--config',
      '/dev/null',
      '--bind-addr',
      '127.0.0.1:0',
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      ...(opts.trust ? [] : ['--disable-workspace-trust']),
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      ...(opts.smokeTestDriver === false ? [] : ['--vscode-option', 'enable-smoke-test-driver']),
      opts.workspace,
    ],
    { detached: true, stdio: ['ignore', log, log], env: { ...process.env, ...opts.env } },
  );
  fs.closeSync(log);
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const stop = async () => {
    await killGroup(child.pid, exited);
    fs.rmSync(root, { recursive: true, force: true });
  };
  try {
    const url = await waitReady(logFile, exited);
    return { url, authority: new URL(url).host, userDataDir, extensionsDir, logFile, pid: child.pid ?? -1, stop };
  } catch (err) {
    await killGroup(child.pid, exited);
    throw err;
  }
}

/** code-server prints "HTTP server listening on http://127.0.0.1:PORT/"; then /healthz answers. */
async function waitReady(logFile: string, exited: Promise<number | null>): Promise<string> {
  let dead: string | undefined;
  void exited.then((code) => (dead = `code-server exited (${code})\n${tail(fs.readFileSync(logFile, 'utf8'))}`));
  const url = await waitUntil(
    'code-server listening',
    () => /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(fs.readFileSync(logFile, 'utf8'))?.[1],
    { timeoutMs: 60_000, failed: () => dead },
  );
  await waitUntil(
    `code-server /healthz at ${url}`,
    async () => ((await fetch(new URL('/healthz', url)).catch(() => undefined))?.ok ? true : undefined),
    { timeoutMs: 30_000, failed: () => dead },
  );
  return url;
}

function tail(text: string): string {
  return text.split('\n').slice(-20).join('\n');
}
