import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { browsePath, parseBrowse } from '../../../src/core/data/alluxio-browse';
import { alluxio } from './fixtures';

test('browse: each file’s % in Alluxio goes from 0 to 100 after the warm-up; sizes are approximate', () => {
  const before = parseBrowse(alluxio('1-mounted.webui_browse.json'), '/data/MNIST/raw');
  const after = parseBrowse(alluxio('2-loaded.webui_browse.json'), '/data/MNIST/raw');
  assert.ok(before.kind === 'page' && after.kind === 'page');
  assert.deepEqual(
    before.entries.map((e) => e.inAlluxioPercent),
    [0, 0, 0, 0],
  );
  assert.deepEqual(
    after.entries.map((e) => e.inAlluxioPercent),
    [100, 100, 100, 100],
  );
  assert.equal(after.total, 4);
  const images = after.entries.find((e) => e.name === 'train-images-idx3-ubyte.gz');
  assert.ok(Math.abs((images?.size ?? 0) - 9912422) < 0.01 * 1024 * 1024);
  assert.equal(after.entries.find((e) => e.name === 't10k-labels-idx1-ubyte.gz')?.size, 4542);
});

test('browse of a path that does not exist (HTTP 200 with invalidPathError) is missing', () => {
  const r = parseBrowse(alluxio('0-empty.webui_browse.json'), '/data/MNIST/raw');
  assert.equal(r.kind, 'missing');
  assert.match(r.kind === 'missing' ? r.message : '', /does not exist/);
  assert.equal(
    browsePath('/data/my set', 0, 50),
    '/api/v1/master/webui_browse?path=%2Fdata%2Fmy%20set&offset=0&limit=50',
  );
});
