import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../../src/cli/validate';
import { repoRoot, store } from './helpers';
import { seedConfigYaml, seedDockerfile } from './seed';

function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(args, { out: (s) => out.push(s), err: (s) => err.push(s) }, store);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const dir = mkdtempSync(join(tmpdir(), 'alluxio-dl-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const good = join(dir, 'config.yaml');
const bad = join(dir, 'bad.yaml');
const docker = join(dir, 'Dockerfile');
writeFileSync(good, seedConfigYaml());
writeFileSync(
  bad,
  seedConfigYaml().replace('worker:\n    jvmOptions: " -Xmx4G "', 'worker:\n    jvmOptions:\n      - -Xmx4G'),
);
writeFileSync(docker, seedDockerfile());
writeFileSync(join(dir, 'mnist.py'), 'print(1)\n');

test('CLI: exit 0 and no output for a valid file; 1 with file:line:col for an error', () => {
  assert.deepEqual(cli([good]), { code: 0, out: '', err: '' });
  const r = cli([good, bad]);
  assert.equal(r.code, 1);
  assert.equal(
    r.out,
    `${bad}:12:5 error worker.jvmOptions must be a string in chart 0.5.x; 0.5.9 and later take a list.`,
  );
});

test('CLI: --schema forces a schema; --json prints rows', () => {
  const r = cli([good, '--schema', 'alluxio-2.2', '--json']);
  assert.equal(r.code, 1);
  const rows = JSON.parse(r.out);
  assert.deepEqual(
    rows.map((x: { line: number; code: string; severity: string }) => [x.line, x.code, x.severity]),
    [
      [17, 'unknown-key', 'error'],
      [24, 'fuse', 'warning'],
    ],
  );
  assert.equal(cli([good, '--schema=alluxio-2.2-alibaba']).code, 0);
});

test('CLI: Dockerfiles are checked against their build context', () => {
  assert.equal(cli([docker]).code, 0);
  writeFileSync(join(dir, 'Dockerfile.other'), 'FROM x:1\nCOPY missing.py /\nCMD ["python", "/missing.py"]\n');
  const r = cli([join(dir, 'Dockerfile.other')]);
  assert.equal(r.code, 1);
  assert.match(r.out, /Dockerfile\.other:2:6 error missing\.py is not in the build context/);
});

test('CLI: exit 2 on unreadable input and bad usage', () => {
  assert.equal(cli([join(dir, 'nope.yaml')]).code, 2);
  assert.equal(cli([good, join(dir, 'nope.yaml')]).code, 2);
  assert.equal(cli([]).code, 2);
  assert.equal(cli([good, '--schema', 'nope']).code, 2);
});

test(
  'CLI: the bundled dist/cli/validate.js runs as a program',
  { skip: !existsSync(join(repoRoot, 'dist', 'cli', 'validate.js')) && 'dist/cli/validate.js not built' },
  () => {
    const r = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli', 'validate.js'), bad], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stdout, /bad\.yaml:12:5 error worker\.jvmOptions/);
    assert.equal(
      spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli', 'validate.js'), good], { encoding: 'utf8' }).status,
      0,
    );
  },
);
