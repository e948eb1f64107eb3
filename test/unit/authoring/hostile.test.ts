// The hostile and unusual files found by hand: each must get a clear answer in bounded time.
// The time bounds below are generous "never freezes" bounds, not speed measurements (see `npm run bench -- fuzz`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeYaml, schemaAt, type AnalyzeOptions } from '../../../src/core/checks/diagnose';
import { complete } from '../../../src/core/schema/complete';
import { hover } from '../../../src/core/schema/hover';
import { run } from '../../../src/cli/validate';
import { aliasBomb, foreignYaml, hugeKey, manyUnknownKeys, TFJOB } from '../../fixtures/authoring/hostile';
import { store, underlined } from './helpers';
import { seedConfigYaml } from './seed';

const seed = seedConfigYaml();

function analyze(text: string, path = '/w/config.yaml', opts: Partial<AnalyzeOptions> = {}) {
  const t0 = performance.now();
  const a = analyzeYaml(text, path, { store, ...opts });
  return { ...a, ms: performance.now() - t0 };
}

function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(args, { out: (s) => out.push(s), err: (s) => err.push(s) }, store);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const lineOf = (text: string, offset: number) => text.slice(0, offset).split(/\r\n|\r|\n/).length;

for (const depth of [8, 9, 10]) {
  test(`an alias bomb ${depth} levels deep: one "limit" error naming the limit and the alias, in bounded time`, () => {
    const text = aliasBomb(depth);
    const a = analyze(text);
    assert.ok(a.ms < 2000, `${a.ms} ms`);
    const limit = a.problems.filter((p) => p.code === 'limit');
    assert.equal(limit.length, 1, JSON.stringify(a.problems));
    assert.equal(limit[0].severity, 'error');
    assert.match(limit[0].message, /aliases expand to more than [\d,]+ nodes/);
    assert.match(underlined(text, limit[0]), /^\*l\d$/);
    assert.ok(a.problems.every((p) => p.message.length < 400));
  });
}

for (const size of [10_000, 100_000, 10_000_000]) {
  test(`a ${size.toLocaleString('en')}-character key: the limit hit is named, the key never echoed whole, no did-you-mean`, () => {
    const text = hugeKey(seed, size);
    const a = analyze(text);
    assert.ok(a.ms < 5000, `${a.ms} ms`);
    assert.ok(a.problems.length >= 1 && a.problems.length <= 2, JSON.stringify(a.problems.map((p) => p.code)));
    for (const p of a.problems) {
      assert.ok(p.message.length < 400, p.message.slice(0, 100));
      assert.doesNotMatch(p.message, /did you mean/);
      assert.equal(p.start, 0);
    }
    const limit = a.problems.find((p) => p.code === 'limit');
    assert.ok(limit, 'a limit problem');
    // Up to 2 MB the key-length limit; a 10 MB key makes the file itself too large to check.
    assert.match(
      limit.message,
      size < 2 ** 21
        ? new RegExp(`key of ${size.toLocaleString('en')} characters`)
        : /This file is 9\.5 MB, larger than/,
    );
  });
}

test('20,000 unknown top-level keys: the first problems, then one line saying how many more, in bounded time', () => {
  const text = manyUnknownKeys(seed, 20_000);
  const a = analyze(text);
  assert.ok(a.ms < 3000, `${a.ms} ms`);
  assert.ok(a.problems.length <= 1001, String(a.problems.length));
  const last = a.problems[a.problems.length - 1];
  assert.match(last.message, /and 19,\d{3} more problems? not shown/);
  assert.equal(underlined(text, a.problems[0]), 'unknownKey0');
});

test('a 50 MB YAML file of another tool is skipped quickly, without parsing it whole', () => {
  const text = foreignYaml(50 * 2 ** 20);
  const a = analyze(text, '/w/big.yaml');
  assert.ok(a.ms < 5000, `${a.ms} ms`);
  assert.equal(a.schema, undefined);
  assert.deepEqual(a.problems, []);
});

test('a large file that is ours (modeline) but over the size limit gets one "limit" error', () => {
  const text = '# yaml-language-server: $schema=alluxio-2.9\n' + foreignYaml(20 * 2 ** 20);
  const a = analyze(text, '/w/big.yaml');
  assert.equal(a.problems.length, 1);
  assert.equal(a.problems[0].code, 'limit');
  assert.match(a.problems[0].message, /20\.0 MB.*larger than the [\d.]+ MB/);
});

test('every document is checked: a TFJob error in document 2 is reported at its place', () => {
  const text = `${TFJOB}---\n${TFJOB.replace('replicas: 2', 'replica: 2')}`;
  const a = analyze(text, '/w/jobs.yaml');
  assert.equal(a.problems.length, 1, JSON.stringify(a.problems));
  assert.equal(underlined(text, a.problems[0]), 'replica');
  assert.equal(lineOf(text, a.problems[0].start), 26 + 1 + 8);
  const dir = mkdtempSync(join(tmpdir(), 'alluxio-dl-hostile-'));
  try {
    writeFileSync(join(dir, 'jobs.yaml'), text);
    assert.equal(cli([join(dir, 'jobs.yaml')]).code, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a document of another kind beside ours is left alone; ours is still checked', () => {
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: b}\n---\n${TFJOB.replace('replicas: 2', 'replicas: two')}`;
  const a = analyze(text, '/w/all.yaml');
  assert.deepEqual(
    a.problems.map((p) => [p.code, underlined(text, p)]),
    [['type', 'two']],
  );
});

test('broken files that look ours are errors, not "skipped": truncated JSON, an unclosed quote', () => {
  const json = JSON.stringify({
    apiVersion: 'kubeflow.org/v1',
    kind: 'TFJob',
    metadata: { name: 'x' },
    spec: { tfReplicaSpecs: {} },
  });
  const cases: Array<[string, string]> = [
    [json.slice(0, json.length - 20), '/w/job.json.yaml'],
    [TFJOB.replace('apiVersion: kubeflow.org/v1', 'apiVersion: "kubeflow.org/v1'), '/w/train.yaml'],
    [TFJOB.replace('name: alluxio-pytorch', 'name: "alluxio-pytorch'), '/w/train.yaml'],
  ];
  for (const [text, path] of cases) {
    const a = analyze(text, path);
    assert.ok(
      a.problems.some((p) => p.code === 'syntax' && p.severity === 'error'),
      `${text.slice(0, 60)}: ${JSON.stringify(a.problems)}`,
    );
  }
});

test('broken files recognised by modeline, setting glob or file name are errors; a config.yaml of another tool is not', () => {
  const broken = 'foo: [\n';
  assert.equal(analyze(`# yaml-language-server: $schema=tfjob\n${broken}`).problems[0]?.code, 'syntax');
  assert.equal(analyze(broken, '/w/jobs/a.yaml', { globs: { '**/jobs/*.yaml': 'tfjob' } }).problems[0]?.code, 'syntax');
  for (const name of ['tfjob.yaml', 'mnist-pytorchjob.yml', 'alluxio-values.yaml', 'hdfs-values.yaml'])
    assert.equal(analyze(broken, `/w/${name}`).problems[0]?.code, 'syntax', name);
  assert.deepEqual(analyze(broken, '/w/config.yaml').problems, []);
});

test('merge keys (<<: *defaults) are understood: no false error; an error inside merged content is placed there', () => {
  const text =
    TFJOB.replace('    Worker:\n', '    Worker: &worker\n') + '    PS:\n      <<: *worker\n      replicas: 1\n';
  assert.deepEqual(analyze(text, '/w/j.yaml').problems, []);
  const bad = text.replace('command: ["python", "/mnist.py"]', 'command: python /mnist.py');
  const b = analyze(bad, '/w/j.yaml');
  assert.equal(b.problems.length, 1, JSON.stringify(b.problems));
  assert.equal(underlined(bad, b.problems[0]), 'python /mnist.py');
});

test('positions are right for every line ending: LF, CRLF, CR', () => {
  const text = seed.replace('worker:\n    jvmOptions: " -Xmx4G "', 'worker:\n    jvmOptions:\n      - -Xmx4G');
  for (const eol of ['\n', '\r\n', '\r']) {
    const t = text.replace(/\n/g, eol);
    const a = analyze(t);
    assert.equal(a.problems.length, 1, `${JSON.stringify(eol)}: ${JSON.stringify(a.problems)}`);
    assert.equal(underlined(t, a.problems[0]), 'jvmOptions', JSON.stringify(eol));
    assert.equal(lineOf(t, a.problems[0].start), 12);
    const dir = mkdtempSync(join(tmpdir(), 'alluxio-dl-eol-'));
    try {
      writeFileSync(join(dir, 'config.yaml'), t);
      assert.match(cli([join(dir, 'config.yaml')]).out, /config\.yaml:12:5 error/, JSON.stringify(eol));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('a complex key and alias-expanded values are placed at their text, not at 1:1', () => {
  const complex = `${TFJOB}? [a, b]\n: 1\n`;
  const c = analyze(complex, '/w/j.yaml');
  assert.equal(c.problems.length, 1, JSON.stringify(c.problems));
  assert.equal(underlined(complex, c.problems[0]), '[a, b]');
  const aliasAtUse = TFJOB.replace('name: alluxio-pytorch', 'name: &n alluxio-pytorch').replace(
    'replicas: 2',
    'replicas: *n',
  );
  const u = analyze(aliasAtUse, '/w/j.yaml');
  assert.deepEqual(
    u.problems.map((p) => underlined(aliasAtUse, p)),
    ['*n'],
  );
  const through = TFJOB.replace('    Worker:\n', '    Worker: &w\n')
    .replace('replicas: 2', 'replicas: two')
    .concat('    Chief: *w\n');
  const t = analyze(through, '/w/j.yaml');
  assert.deepEqual(
    t.problems.map((p) => underlined(through, p)),
    ['two'],
  );
});

test('a recursive alias is an error, not a hang or a crash', () => {
  const text = TFJOB.replace(
    'metadata:\n  name: alluxio-pytorch\n',
    'metadata: &m\n  name: alluxio-pytorch\n  labels: *m\n',
  );
  const a = analyze(text, '/w/j.yaml');
  assert.ok(
    a.problems.some((p) => p.code === 'limit' && /refers to itself/.test(p.message)),
    JSON.stringify(a.problems),
  );
});

test('a near-miss of a known key is an error with the fix; --strict makes warnings errors', () => {
  const text = seed.replace('tieredstore:', 'tieredStore:');
  const a = analyze(text, '/w/config.yaml', { schema: 'alluxio-2.2-alibaba' });
  assert.equal(a.problems.length, 1);
  assert.equal(a.problems[0].severity, 'error');
  assert.match(a.problems[0].message, /did you mean "tieredstore"\?/);
  assert.equal(a.problems[0].fixes?.[0].edits[0].newText, 'tieredstore');
  const dir = mkdtempSync(join(tmpdir(), 'alluxio-dl-strict-'));
  try {
    const warn = join(dir, 'config.yaml');
    writeFileSync(warn, seed.replace('"hdfs://hdfs-namenode-0', '"hfds://hdfs-namenode-0'));
    assert.equal(cli([warn]).code, 0);
    const strict = cli([warn, '--strict']);
    assert.equal(strict.code, 1);
    assert.match(
      strict.out,
      /config\.yaml:10:42 error properties\["alluxio\.master\.mount\.table\.root\.ufs"\]: "hfds" is not an under file system scheme/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('CLI: the same file given twice is checked once; --json output is JSON even for a usage error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'alluxio-dl-cli2-'));
  try {
    const bad = join(dir, 'config.yaml');
    writeFileSync(bad, seed.replace('image:', 'imgae:'));
    const twice = cli([bad, join(dir, '.', 'config.yaml'), '--json']);
    assert.equal(JSON.parse(twice.out).length, 1);
    for (const args of [['--json', '--nope'], ['--json'], ['--json', '--schema', 'nope']]) {
      const r = cli(args);
      assert.equal(r.code, 2);
      const body = JSON.parse(r.out);
      assert.match(body.error, /unknown option --nope|no file given|unknown schema "nope"/);
      assert.match(body.usage, /^usage: alluxio-dl-validate/);
    }
    const missing = cli([join(dir, 'nope.yaml'), '--json']);
    assert.equal(missing.code, 2);
    assert.deepEqual(
      JSON.parse(missing.out).map((r: { code: string }) => r.code),
      ['unreadable'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('completion and hover follow the document under the cursor', () => {
  const text = `image: x\nfoo: 1\n---\n${TFJOB}`;
  const a = analyze(text, '/w/mixed.yaml');
  assert.equal(schemaAt(a, 0), undefined);
  assert.equal(schemaAt(a, text.indexOf('kind: TFJob'))?.id, 'tfjob');
  const h = hover(a.parsed, text.indexOf('replicas') + 2, 'tfjob', store);
  assert.equal(h && text.slice(h.start, h.end), 'replicas');
});

test('completion in a file over the size limit offers nothing, at once', () => {
  const text = '# yaml-language-server: $schema=alluxio-2.9\n' + foreignYaml(3 * 2 ** 20);
  assert.deepEqual(complete(text, text.length, 'alluxio-2.9', store), []);
});
