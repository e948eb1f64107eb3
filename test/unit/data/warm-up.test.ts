import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { cacheStateOf } from '../../../src/core/data/cache-state';
import {
  alluxioPathOfHostPath,
  checkAlluxioPath,
  formatDuration,
  parseStopped,
  pidOf,
  stopCommand,
  stoppable,
  warmUpMessage,
  withoutPid,
} from '../../../src/core/data/warm-up';
import { waitFor } from '../../support/wait';

test('a wrapped command prints its own pid first, then its output; the args never enter the script', () => {
  const [sh, ...args] = stoppable(['sh', '-c', 'echo "$$ $0"', '; rm -rf /']);
  const out = execFileSync(sh, args, { encoding: 'utf8' });
  const pid = pidOf(out);
  assert.ok(pid, out);
  // exec: the command is the wrapper's process, so the pid printed is the command's own
  assert.equal(withoutPid(out), `${pid} ; rm -rf /\n`);
});

test('pidOf ignores anything but the mark line, and nonsense pids', () => {
  assert.equal(pidOf('hello\n'), undefined);
  assert.equal(pidOf('@alluxio-dl pid 1\n'), undefined, 'pid 1 is never ours to stop');
  assert.equal(pidOf('@alluxio-dl pid 99999999999999999999\n'), undefined);
  assert.equal(pidOf('x\n@alluxio-dl pid 4242\nmore'), 4242);
});

test('stopCommand ends the command and the children it started (a launcher that forks the JVM)', async () => {
  // sh forks a child sleep (no exec): both must go.
  const [cmd, ...cmdArgs] = stoppable(['sh', '-c', 'sleep 300 & wait']);
  const child = spawn(cmd, cmdArgs, { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const pid = await waitFor('the pid line', () => pidOf(out), 5000);
  const kid = await waitFor(
    'the sleep child',
    () => Number(fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)[0]) || undefined,
    5000,
  );
  const exited = new Promise<number | null>((r) =>
    child.on('exit', (code, signal) => r(code ?? (signal ? 143 : null))),
  );
  const [sh, ...args] = stopCommand(pid);
  execFileSync(sh, args);
  assert.equal(await exited, 143, 'TERM ended the command');
  // gone, or a zombie waiting for its reaper (it was re-parented when sh ended)
  const gone = () => !fs.existsSync(`/proc/${kid}/stat`) || /\) Z /.test(fs.readFileSync(`/proc/${kid}/stat`, 'utf8'));
  await waitFor('the sleep child ended', gone, 5000);
  // a pid that is gone: the stop command still exits 0
  execFileSync(sh, args);
});

test('the FUSE host folder maps to the Alluxio path the job reads', () => {
  assert.equal(alluxioPathOfHostPath('/alluxio-fuse/data', '/alluxio-fuse'), '/data');
  assert.equal(alluxioPathOfHostPath('/alluxio-fuse/data/', '/alluxio-fuse/'), '/data');
  assert.equal(alluxioPathOfHostPath('/alluxio-fuse', '/alluxio-fuse'), '/');
  assert.equal(alluxioPathOfHostPath('/mnt/alluxio-fuse/MNIST', '/mnt/alluxio-fuse', '/data'), '/data/MNIST');
  assert.equal(alluxioPathOfHostPath('/alluxio-fusex/data', '/alluxio-fuse'), undefined, 'a sibling is not under it');
  assert.equal(alluxioPathOfHostPath('/data', '/alluxio-fuse'), undefined);
});

test('paths to warm up: absolute, no dot parts, no control characters, bounded', () => {
  assert.equal(checkAlluxioPath('/data/MNIST'), undefined);
  assert.match(checkAlluxioPath('data')!, /absolute/);
  assert.match(checkAlluxioPath('/data/../etc')!, /"\.\."/);
  assert.match(checkAlluxioPath('/data\n--stop')!, /control/);
  assert.match(checkAlluxioPath(`/${'a'.repeat(5000)}`)!, /4096/);
});

test('load --stop: stopped, already ended, or not confirmed', () => {
  assert.equal(parseStopped("Load '/data' is successfully stopped.\n"), 'stopped');
  assert.equal(
    parseStopped('Cannot find load job for path /data, it might have already been stopped or finished\n'),
    'notRunning',
  );
  assert.equal(parseStopped('Failed to stop load job /data\n'), 'unknown');
});

test('the final message: method, cached % before → after, bytes and time', () => {
  const file = (inAlluxio: number) => [{ path: '/data/a', size: 4_000_000, inAlluxio }];
  const before = cacheStateOf('/data', file(0));
  const after = cacheStateOf('/data', file(4_000_000));
  const done = warmUpMessage({ path: '/data', method: 'submit', before, after, elapsedMs: 12_340, end: 'done' });
  assert.match(
    done,
    /^Warmed up alluxio:\/data with distributed load through the master \(alluxio fs load --submit\) in 12\.3 s: cached 0\.0% → 100\.0%, 3\.\d+ MB of 3\.\d+ MB in Alluxio\.$/,
  );
  const cancelled = warmUpMessage({
    path: '/data',
    method: 'load',
    before,
    after: cacheStateOf('/data', file(1_000_000)),
    elapsedMs: 125_000,
    end: 'cancelled',
    note: 'stopped pid 42 in default/alluxio-master-0.',
  });
  assert.match(
    cancelled,
    /^Warm-up of alluxio:\/data cancelled after 2 min 5 s \(.*alluxio fs load\).*: cached 0\.0% → 25\.0%.* stopped pid 42 in default\/alluxio-master-0\.$/,
  );
  assert.match(
    warmUpMessage({ path: '/x', method: 'distributedLoad', elapsedMs: 1, end: 'failed' }),
    /cached unknown → unknown/,
  );
  assert.equal(formatDuration(59_940), '59.9 s');
});
