// The prerequisite check of `npm test` / `npm run demo`, run as a user would meet it: the real entry
// scripts with a PATH that holds only node and two spies (npm, go) that record every call. The run must
// stop at once with one message, exit non-zero and start nothing: no cache folder, no sandbox, no
// code-server; the spies see only the version probes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { describeMissing, missingPrerequisites, Probe } from '../../harness/prereqs';

const OUT = path.resolve(__dirname, '..', '..'); // out/test

let root: string;
let bin: string;
let spyLog: string;
let cache: string;

function spy(name: string, versionLine: string): void {
  const file = path.join(bin, name);
  fs.writeFileSync(
    file,
    `#!/bin/sh\nprintf '%s %s\\n' "${name}" "$*" >> "${spyLog}"\n[ "$1" = --version ] || [ "$1" = version ] && echo "${versionLine}"\nexit 0\n`,
    { mode: 0o755 },
  );
}

before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'adl-prereqs-'));
  bin = path.join(root, 'bin');
  fs.mkdirSync(bin);
  spyLog = path.join(root, 'spy.log');
  cache = path.join(root, 'cache'); // must not come into being
  fs.symlinkSync(process.execPath, path.join(bin, 'node'));
  spy('npm', '10.9.0');
  spy('go', 'go version go1.22.1 linux/amd64'); // too old for the sandbox's Kubernetes build
});
after(() => fs.rmSync(root, { recursive: true, force: true }));

function runEntry(script: string, args: string[]) {
  const started = Date.now();
  const r = spawnSync(process.execPath, [path.join(OUT, 'harness', script), ...args], {
    env: {
      PATH: bin,
      HOME: root,
      ALLUXIO_DL_CACHE: cache,
      ALLUXIO_DL_CHROMIUM: path.join(root, 'no-chromium'),
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { ...r, seconds: (Date.now() - started) / 1000 };
}

const calls = () => (fs.existsSync(spyLog) ? fs.readFileSync(spyLog, 'utf8').trim().split('\n') : []);

test('npm test on a machine without the system packages: one message, exit 1, nothing started', () => {
  const r = runEntry('main.js', []);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  const msg = r.stderr;
  assert.match(msg, /^`npm test` needs programs this machine does not have; nothing was started:/m);
  for (const what of [
    /Go 1\.26\+ \(found go1\.22\)/,
    /Java 17\+ JDK \(java not found\)/,
    /Maven/,
    /fuse3/,
    /python3/,
    /chromium/,
    /openssl/,
    /buildah/,
  ])
    assert.match(msg, what);
  // one install line with every apt package, and Go's own download (Debian's is too old)
  const apt = msg.split('\n').filter((l) => /apt-get install -y /.test(l));
  assert.equal(apt.length, 1, msg);
  for (const pkg of ['openjdk-17-jdk-headless', 'maven', 'fuse3', 'python3', 'chromium', 'openssl', 'buildah'])
    assert.match(apt[0], new RegExp(`\\b${pkg}\\b`));
  assert.match(msg, /https:\/\/go\.dev\/dl\//);
  assert.doesNotMatch(r.stdout, /=== (unit|sandbox|integration|ui) tests ===/);
  assert.equal(fs.existsSync(cache), false, 'the cache folder was created');
  assert.deepEqual(
    calls().filter((c) => !/^npm --version$|^go version$/.test(c)),
    [],
    'only version probes may run',
  );
});

test('npm run demo -- --context NAME needs no sandbox tools, but kubectl and helm', () => {
  fs.rmSync(spyLog, { force: true });
  const r = runEntry('demo.js', ['--context', 'prod']);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /^`npm run demo` needs programs/m);
  assert.match(r.stderr, /- kubectl: /);
  assert.match(r.stderr, /- helm: /);
  assert.doesNotMatch(r.stderr, /Java|Maven|fuse3|Go 1\.26/);
  assert.equal(fs.existsSync(cache), false);
  assert.deepEqual(
    calls().filter((c) => c !== 'npm --version'),
    [],
  );
});

test('unit tests alone need only Node and npm', () => {
  const probe: Probe = {
    find: (t) => (t === 'npm' ? '/x/npm' : undefined),
    output: () => '10.9.0\n',
    exists: () => false,
    nodeVersion: '20.19.0',
  };
  assert.deepEqual(missingPrerequisites(['unit'], probe), []);
  assert.deepEqual(
    missingPrerequisites(['unit'], { ...probe, nodeVersion: '18.20.1' }).map((l) => l.what),
    ['Node.js 20+ (this is 18.20.1)'],
  );
});

test('the message lists each package once and uses sudo unless root', () => {
  const lacks = [
    { what: 'a', why: 'x', apt: 'openjdk-17-jdk-headless' },
    { what: 'b', why: 'y', apt: 'openjdk-17-jdk-headless' },
    { what: 'c', why: 'z', apt: 'fuse3' },
  ];
  assert.match(
    describeMissing(lacks, '`npm test`', false),
    /^ {2}sudo apt-get install -y openjdk-17-jdk-headless fuse3$/m,
  );
  assert.match(describeMissing(lacks, '`npm test`', true), /^ {2}apt-get install -y openjdk-17-jdk-headless fuse3$/m);
});
