import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBytes, nonNegative, parseByteSize, percentage } from '../../../src/core/data/numbers';

test('byte sizes as Alluxio and Hadoop print them', () => {
  assert.equal(parseByteSize('16.00MB'), 16 * 1024 * 1024);
  assert.equal(parseByteSize('0B'), 0);
  assert.equal(parseByteSize('1024'), 1024);
  assert.equal(parseByteSize('4096.00KB'), 4 * 1024 * 1024);
  assert.equal(parseByteSize('2 GiB'), 2 * 1024 ** 3);
  assert.equal(parseByteSize('-1'), undefined);
  assert.equal(parseByteSize('lots'), undefined);
  assert.equal(parseByteSize('1'.repeat(10_000)), undefined);
});

test('counters and percentages: negative, non-finite or out of range are unknown', () => {
  assert.equal(nonNegative(-0.5), undefined);
  assert.equal(nonNegative(Infinity), undefined);
  assert.equal(nonNegative('12'), 12);
  assert.equal(percentage('-36.83'), undefined);
  assert.equal(percentage(100.5), undefined);
  assert.equal(percentage('44.22'), 44.22);
  assert.equal(formatBytes(16 * 1024 * 1024), '16.0 MB');
  assert.equal(formatBytes(undefined), 'unknown');
});
