// The node count read before parsing: never above the parser's own count (so no file the parser would
// accept is refused by it), and close to it for the dense files it exists to stop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateNodes } from '../../../src/core/yaml/estimate';
import { jsYaml } from '../../../src/core/yaml/js-yaml';
import { fuzzCorpus } from '../../fixtures/authoring/hostile';
import { fuzzBases } from './fuzz-bases';

/** Nodes as the parser counts them (events other than DOCUMENT and POP); undefined when it does not parse. */
function parsedNodes(text: string): number | undefined {
  try {
    const { parseEvents, EVENT_ID } = jsYaml();
    return parseEvents(text, {}).filter((e) => e.type !== EVENT_ID.DOCUMENT && e.type !== EVENT_ID.POP).length;
  } catch {
    return undefined;
  }
}

test('never more than the parser counts, for quoted text, comments and block scalars that look like YAML', () => {
  const cases = [
    "a: \"x: 1, y: [2, 3]\"\nb: 'it''s: here, too'\n",
    '# - a: 1, [b, c]\nkey: value # d: 4\n',
    'script: |\n  - name: x\n    value: [1, 2, 3]\n  a: b\nnext: 1\n',
    'folded: >-\n  k: v\n\n  - item\nafter: [1, {a: 2}]\n',
    '- [a, b, [c, d]]\n- {x: 1, y: 2}\n- plain: text\n',
    'url: http://example.com:8080/path\ntime: 12:30\n',
    '---\na: 1\n---\n- b\n- c\n...\n',
    'k: v\r\nl: [1,2]\rm: x\n',
  ];
  for (const text of cases) {
    const exact = parsedNodes(text);
    assert.ok(exact !== undefined, `parses: ${JSON.stringify(text)}`);
    assert.ok(estimateNodes(text, 1e9) <= exact, `${estimateNodes(text, 1e9)} > ${exact} for ${JSON.stringify(text)}`);
  }
});

test('never more than the parser counts for 1,500 mutated real files', () => {
  let i = 0;
  for (const input of fuzzCorpus(fuzzBases(), 1500, 7)) {
    i++;
    if (input.dockerfile) continue;
    const exact = parsedNodes(input.text);
    if (exact === undefined) continue;
    const estimate = estimateNodes(input.text, 1e9);
    assert.ok(estimate <= exact, `input #${i} from ${input.base}: estimate ${estimate} > parsed ${exact}`);
  }
});

test('dense shapes are counted nearly in full, and the count stops just past the limit', () => {
  const flow = `v: [${Array(30_000).fill('1').join(',')}]\n`;
  const keys = Array.from({ length: 20_000 }, (_, i) => `k${i}: ${i}\n`).join('');
  const list = Array.from({ length: 10_000 }, (_, i) => `- name: n${i}\n  port: ${i}\n`).join('');
  for (const text of [flow, keys, list]) {
    const exact = parsedNodes(text)!;
    const estimate = estimateNodes(text, 1e9);
    assert.ok(estimate <= exact && estimate >= exact * 0.66, `${estimate} of ${exact}`);
  }
  assert.equal(estimateNodes(keys, 100), 102);
});
