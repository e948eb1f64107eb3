/**
 * `npm test`: every kind of test, in order, with one closing summary line.
 *   unit         plain Node (node:test) for src/core and friends
 *   sandbox      the local cluster's own tests (real control plane, helm, kubectl)
 *   integration  mocha inside the extension host of code-server, against the sandbox cluster
 *   ui           Playwright driving the code-server workbench in headless Chromium
 * Usage: node out/test/harness/main.js [all|unit|sandbox|integration|ui]...
 *   ALLUXIO_DL_UI_ONLY=walkthrough,demo   only the UI test files whose names start with these
 *   ALLUXIO_DL_TEST_GREP='<grep>'    only the integration tests mocha's grep matches
 * System prerequisites are checked first (prereqs.ts): a missing program stops the run before anything starts.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cacheDir } from '../sandbox/paths';
import { checkChromium, ensureCodeServer, ensureNode24, node24Binary } from './cache';
import { startCodeServer } from './code-server';
import { runIntegration, SuiteResult } from './integration';
import { runNodeTests } from './node-tests';
import { MissingPrerequisites, requirePrerequisites } from './prereqs';
import { withSandbox } from './sandbox';
import { sandboxGroups, sandboxSecrets, scanForSecrets, securityVerdict, spyTools, watchListeners } from './security';

const REPO = path.resolve(__dirname, '..', '..', '..');
const KINDS = ['unit', 'sandbox', 'integration', 'ui'] as const;
type Kind = (typeof KINDS)[number];

function startDataPlaneBuild(): { stop: () => void } {
  fs.mkdirSync(path.join(cacheDir(), 'logs'), { recursive: true });
  const log = path.join(cacheDir(), 'logs', 'dataplane-build.log');
  const fd = fs.openSync(log, 'a');
  const child = spawn(process.execPath, [path.join(__dirname, '..', 'sandbox', 'dataplane-build.js')], {
    stdio: ['ignore', fd, fd],
  });
  fs.closeSync(fd);
  child.on('exit', (code) => {
    if (code) console.error(`data-plane build failed (exit ${code}); log ${log}`);
  });
  return { stop: () => child.exitCode === null && child.kill() };
}

async function main(): Promise<number> {
  const asked = process.argv.slice(2).filter((a) => a !== 'all');
  const kinds: Kind[] = asked.length ? (asked as Kind[]) : [...KINDS];
  const unknown = kinds.filter((k) => !KINDS.includes(k));
  if (unknown.length) throw new Error(`unknown test kind ${unknown.join(', ')}; use ${KINDS.join(', ')} or all`);
  // Before anything long (builds, downloads, the cache folder): one message listing every missing program.
  requirePrerequisites(kinds, asked.length ? `\`node out/test/harness/main.js ${asked.join(' ')}\`` : '`npm test`');

  // The sandbox's data plane (PyTorch venv, Alluxio jars, arena) builds in the background from the start;
  // a sandbox that needs it waits for it (test/sandbox/dataplane-build.ts).
  const dataPlane = kinds.some((k) => k !== 'unit') ? startDataPlaneBuild() : undefined;
  const nodeDir = await ensureNode24();
  const node = node24Binary(nodeDir);
  const results: [Kind, SuiteResult | Error][] = [];
  const record = async (kind: Kind, work: () => Promise<SuiteResult>) => {
    console.log(`\n=== ${kind} tests ===`);
    const started = Date.now();
    try {
      const r = await work();
      results.push([kind, r]);
      console.log(
        `=== ${kind}: ${r.passed} passed, ${r.failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`,
      );
    } catch (err) {
      results.push([kind, err as Error]);
      console.error(`=== ${kind}: could not run: ${(err as Error).message}`);
    }
  };

  if (kinds.includes('unit')) await record('unit', () => runNodeTests(node, REPO, ['out/test/unit/**/*.test.js']));
  if (kinds.includes('sandbox'))
    await record('sandbox', () => runNodeTests(node, REPO, ['out/test/sandbox/**/*.test.js']));
  const editorKinds = kinds.filter((k) => k === 'integration' || k === 'ui');
  if (editorKinds.length) {
    checkChromium();
    const entry = await ensureCodeServer(nodeDir);
    await withSandbox(REPO, async (sandboxEnv) => {
      if (editorKinds.includes('integration')) {
        await record('integration', async () => {
          const sandboxDir = path.dirname(sandboxEnv.env.ALLUXIO_DL_SANDBOX);
          const server = await startCodeServer({ node, entry, workspace: sandboxEnv.workspace, env: sandboxEnv.env });
          const listeners = watchListeners(
            () => [server.pid],
            () => sandboxGroups(sandboxDir),
          );
          let r: SuiteResult | undefined;
          try {
            r = await runIntegration(server, REPO, sandboxEnv.workspace, sandboxEnv.env, 45 * 60_000);
          } finally {
            const seen = listeners.stop();
            const secrets = sandboxSecrets(sandboxDir);
            const scan = scanForSecrets(
              [path.join(server.userDataDir, 'logs'), server.logFile],
              [{ name: 'the test output', text: r?.output ?? '' }],
              secrets,
            );
            const v = securityVerdict(scan, secrets.length, seen);
            if (r) {
              const named = v.failed ? ['the secret and listener checks (their verdicts are printed above)'] : [];
              r = {
                ...r,
                passed: r.passed + v.passed,
                failed: r.failed + v.failed,
                failures: [...(r.failures ?? []), ...named],
              };
            }
            await server.stop();
          }
          return addUp(r!, await untrusted(node, entry, sandboxEnv.env));
        });
      }
      if (editorKinds.includes('ui')) {
        await record('ui', () =>
          runNodeTests(node, REPO, uiGlobs(), {
            ...sandboxEnv.env,
            ALLUXIO_DL_NODE24: node,
            ALLUXIO_DL_CODE_SERVER: entry,
            ALLUXIO_DL_WORKSPACE: sandboxEnv.workspace,
          }),
        );
      }
    });
  }

  const parts = results.map(([kind, r]) =>
    r instanceof Error ? `${kind} ERROR` : `${kind} ${r.passed} passed/${r.failed} failed`,
  );
  const ok =
    results.length === kinds.length &&
    results.every(([, r]) => !(r instanceof Error) && r.failed === 0 && r.passed > 0);
  const failedTitles = results.flatMap(([kind, r]) =>
    r instanceof Error ? [] : (r.failures ?? []).map((t) => `  ${kind}: ${t}`),
  );
  if (failedTitles.length) console.log(`\nFAILED:\n${failedTitles.join('\n')}`);
  console.log(`\nSUMMARY: ${parts.join(' | ')} => ${ok ? 'PASS' : 'FAIL'}`);
  dataPlane?.stop();
  return ok ? 0 : 1;
}

/** Every UI test, or those whose file name starts with one of ALLUXIO_DL_UI_ONLY's words (`walkthrough,demo`). */
function uiGlobs(): string[] {
  const only = (process.env.ALLUXIO_DL_UI_ONLY ?? '')
    .split(',')
    .map((w) => w.replace(/[^\w-]/g, ''))
    .filter(Boolean);
  if (only.length) return only.map((w) => `out/test/ui/**/${w}*.ui.js`);
  return fs
    .readdirSync(path.join(REPO, 'out', 'test', 'ui'))
    .filter((f) => f.endsWith('.ui.js'))
    .map((f) => `out/test/ui/${f}`);
}

function addUp(a: SuiteResult, b: SuiteResult): SuiteResult {
  return {
    passed: a.passed + b.passed,
    failed: a.failed + b.failed,
    exitCode: a.exitCode || b.exitCode,
    failures: [...(a.failures ?? []), ...(b.failures ?? [])],
  };
}

/**
 * The integration tests of an untrusted workspace (test/integration/untrusted): code-server with
 * workspace trust on opens a fresh folder in restricted mode; helm, kubectl, docker, podman, buildah
 * and arena on PATH (and alluxioDl.helmPath) are spies that record any call.
 */
async function untrusted(node: string, entry: string, env: Record<string, string>): Promise<SuiteResult> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'adl-untrusted-'));
  const workspace = path.join(root, 'ws');
  fs.mkdirSync(workspace);
  const spyLog = path.join(root, 'spy.log');
  spyTools(path.join(root, 'bin'), spyLog);
  const spyEnv = {
    ...env,
    PATH: `${path.join(root, 'bin')}${path.delimiter}${env.PATH}`,
    ALLUXIO_DL_SPY_LOG: spyLog,
  };
  const server = await startCodeServer({
    node,
    entry,
    workspace,
    env: spyEnv,
    trust: true,
    settings: { 'alluxioDl.helmPath': path.join(root, 'bin', 'helm') },
  });
  try {
    console.log('\n--- untrusted workspace (workspace trust on, restricted mode) ---');
    return await runIntegration(
      server,
      REPO,
      workspace,
      spyEnv,
      5 * 60_000,
      path.join(REPO, 'out', 'test', 'integration', 'untrusted', 'index.js'),
    );
  } finally {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof MissingPrerequisites) {
      console.error(err.message);
      process.exit(1);
    }
    console.error(`\nSUMMARY: could not run the tests: ${(err as Error).message} => FAIL`);
    process.exit(1);
  },
);
