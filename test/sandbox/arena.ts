// The real Arena CLI (kubeflow/arena v0.15.5) for the sandbox (option `arena`): built with Go from the source
// in the fixtures (`arena-src/`; the Go module proxy does not serve it), cached in `<cache>/bin/arena-<version>/`.
// Arena renders its job charts from `$HOME/charts` and runs `arena-kubectl` from PATH, so the sandbox puts an
// `arena` launcher in `${dir}/arena/bin` (first on `sb.env.PATH`) that runs the binary with HOME set to
// `${dir}/arena/home` (its `charts` are arena-src's), next to an `arena-kubectl` link to the sandbox's kubectl.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { longStep } from '../support/long-step';
import { cacheDir, fixturesDir } from './paths';

export const ARENA_VERSION = 'v0.15.5';

export function arenaBinary(): string {
  return path.join(cacheDir(), 'bin', `arena-${ARENA_VERSION}`, 'arena');
}

function arenaSource(): string {
  const src = path.join(fixturesDir(), 'arena-src');
  if (!fs.existsSync(path.join(src, 'cmd', 'arena'))) {
    throw new Error(
      `sandbox arena: the Arena source is missing in ${src} (set ALLUXIO_DL_FIXTURES to the folder holding arena-src/)`,
    );
  }
  return src;
}

/** Builds the binary when missing (about 4 min of CPU on 2 cores); resolves with its path. */
export async function ensureArena(say: (m: string) => void = () => undefined): Promise<string> {
  const bin = arenaBinary();
  if (fs.existsSync(bin)) return bin;
  const src = arenaSource();
  const log = path.join(cacheDir(), 'logs', `build-arena-${ARENA_VERSION}.log`);
  fs.mkdirSync(path.dirname(log), { recursive: true });
  const tmp = `${bin}.tmp`;
  const progress = longStep(say, `building arena ${ARENA_VERSION}`, 240, `from ${src}, log ${log}`);
  try {
    const r = await promisify(execFile)(
      'go',
      [
        'build',
        '-tags',
        'netgo',
        '-ldflags',
        `-s -w -X github.com/kubeflow/arena.version=${ARENA_VERSION.slice(1)}`,
        '-o',
        tmp,
        './cmd/arena',
      ],
      { cwd: src, env: { ...process.env, CGO_ENABLED: '0' }, maxBuffer: 64 * 1024 * 1024, timeout: 1_800_000 },
    );
    fs.writeFileSync(log, r.stdout + r.stderr);
  } catch (e) {
    fs.writeFileSync(log, (e as Error).message);
    progress.failed();
    throw new Error(
      `sandbox arena: go build ./cmd/arena in ${src} failed (log ${log}); it needs Go 1.25+ and the Go module proxy`,
    );
  }
  fs.renameSync(tmp, bin);
  progress.done();
  return bin;
}

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Writes the launcher, the charts home and the arena-kubectl link; returns the folder to put first on PATH. */
export function installArena(dir: string, binary: string, kubectl: string): string {
  const home = path.join(dir, 'arena', 'home');
  const binDir = path.join(dir, 'arena', 'bin');
  fs.mkdirSync(home, { recursive: true });
  fs.mkdirSync(binDir, { recursive: true });
  fs.symlinkSync(path.join(arenaSource(), 'charts'), path.join(home, 'charts'));
  fs.symlinkSync(kubectl, path.join(binDir, 'arena-kubectl'));
  fs.writeFileSync(
    path.join(binDir, 'arena'),
    [
      '#!/bin/sh',
      `# Sandbox launcher (test/sandbox/arena.ts): the real arena ${ARENA_VERSION}, with HOME holding its charts/.`,
      `HOME=${shq(home)} exec ${shq(binary)} "$@"`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  return binDir;
}
