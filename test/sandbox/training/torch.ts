// PyTorch on CPU for the sandbox's real training runs: a venv with torchvision (and the torch it pins) from
// PyPI, cached in `<cache>/pytorch-torchvision-<version>/venv` (~5.4 GB: PyPI's torch is the CUDA build; it
// runs on CPU). Made once, in a temp folder renamed into place when pip has finished.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { longStep } from '../../support/long-step';
import { cacheDir } from '../paths';

export const TORCHVISION_VERSION = '0.29.2';

export function torchHome(): string {
  return path.join(cacheDir(), `pytorch-torchvision-${TORCHVISION_VERSION}`);
}

/** The venv's python when the venv is complete, else undefined. */
export function torchPython(): string | undefined {
  const home = torchHome();
  return fs.existsSync(path.join(home, '.complete')) ? path.join(home, 'venv', 'bin', 'python') : undefined;
}

/** Makes the venv when missing (about 2 min and 5.4 GB with a fast network); resolves with its python. */
export async function ensureTorch(say: (m: string) => void = () => undefined): Promise<string> {
  const ready = torchPython();
  if (ready) return ready;
  const home = torchHome();
  const tmp = `${home}.tmp`;
  const log = path.join(cacheDir(), 'logs', `pytorch-torchvision-${TORCHVISION_VERSION}.log`);
  fs.mkdirSync(path.dirname(log), { recursive: true });
  fs.rmSync(tmp, { recursive: true, force: true });
  const python = process.env.ALLUXIO_DL_PYTHON || 'python3';
  const progress = longStep(
    say,
    `making the PyTorch venv (torchvision ${TORCHVISION_VERSION}, ~5.4 GB from PyPI)`,
    150,
    `${home}, log ${log}`,
  );
  const run = promisify(execFile);
  try {
    await run(python, ['-m', 'venv', path.join(tmp, 'venv')]);
    const pip = await run(
      path.join(tmp, 'venv', 'bin', 'python'),
      ['-m', 'pip', 'install', '-q', '--no-cache-dir', `torchvision==${TORCHVISION_VERSION}`],
      { maxBuffer: 64 * 1024 * 1024, timeout: 1_800_000 },
    );
    fs.writeFileSync(log, pip.stdout + pip.stderr);
  } catch (e) {
    fs.writeFileSync(log, String((e as Error).message));
    progress.failed();
    throw new Error(
      `sandbox training: pip install torchvision==${TORCHVISION_VERSION} into a venv with ${python} failed (log ${log}); it needs PyPI and ~6 GB of disk`,
    );
  }
  fs.writeFileSync(path.join(tmp, '.complete'), `${new Date().toISOString()}\n`);
  fs.rmSync(home, { recursive: true, force: true });
  fs.renameSync(tmp, home);
  progress.done();
  return path.join(home, 'venv', 'bin', 'python');
}
