import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachLine, MAX_LINE } from '../../../src/core/data/lines';

test('lines: CRLF endings, a line cut at MAX_LINE, and a stop at the line bound', () => {
  const seen: string[] = [];
  const stopped = forEachLine(`a\r\nb\n${'x'.repeat(MAX_LINE + 10)}\nlast`, 3, (l) => seen.push(l));
  assert.equal(stopped, true);
  assert.deepEqual(seen.slice(0, 2), ['a', 'b']);
  assert.equal(seen[2].length, MAX_LINE);
  assert.equal(seen.length, 3);
  const all: string[] = [];
  assert.equal(
    forEachLine('one\ntwo\n', 10, (l) => all.push(l)),
    false,
  );
  assert.deepEqual(all, ['one', 'two']);
});
