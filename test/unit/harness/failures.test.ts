// The run's last lines name the failed tests: titles read from mocha's and node:test's spec output.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mochaFailures, nodeTestFailures } from '../../harness/failures';

test('mocha: each failure is named by its suite and title, and nothing when all passed', () => {
  const out = [
    '  Data views',
    '    ✔ shows the HDFS capacity (812ms)',
    '    1) lists the files under /data',
    '',
    '  96 passing (12m)',
    '  2 failing',
    '',
    '  1) Data views',
    '       lists the files under /data:',
    '     Error: Files under /data still "Loading…" after 60 s',
    '      at Context.<anonymous> (out/test/integration/data-views.test.js:10:5)',
    '',
    '  2) Apply',
    '       Install with repairs',
    '         lists each change:',
    '     AssertionError: expected 3 to equal 4',
  ].join('\n');
  assert.deepEqual(mochaFailures(out), [
    'Data views › lists the files under /data',
    'Apply › Install with repairs › lists each change',
  ]);
  assert.deepEqual(mochaFailures('  3 passing (2s)\n'), []);
});

test('node:test: the failing-tests section gives the titles, once each, without durations', () => {
  const out = [
    '✔ passes (1.2ms)',
    '✖ a walkthrough step is checked off (3021.5ms)',
    'ℹ fail 1',
    '',
    '✖ failing tests:',
    '',
    'test at out/test/ui/walkthrough.ui.js:1:1',
    '✖ a walkthrough step is checked off (3021.5ms)',
    '  Error: not done',
  ].join('\n');
  assert.deepEqual(nodeTestFailures(out), ['a walkthrough step is checked off']);
  assert.deepEqual(nodeTestFailures('✔ passes (1ms)\nℹ fail 0\n'), []);
});

test('a long title is clipped', () => {
  const out = `  1 failing\n\n  1) ${'x'.repeat(500)}\n       t:\n     Error`;
  const [title] = mochaFailures(out);
  assert.ok(title!.length <= 160 && title!.endsWith('…'));
});
