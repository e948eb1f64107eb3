// One fuzz input through what the editor runs on it (diagnostics, completion and hover at an offset)
// or, for a Dockerfile, the Dockerfile checks; with the invariants every answer must keep.
import assert from 'node:assert/strict';
import { getHeapStatistics } from 'node:v8';
import { analyzeYaml } from '../../../src/core/checks/diagnose';
import type { Problem } from '../../../src/core/checks/types';
import { checkDockerfile } from '../../../src/core/dockerfile/check';
import { complete } from '../../../src/core/schema/complete';
import { hover } from '../../../src/core/schema/hover';
import type { SchemaStore } from '../../../src/core/schema/store';
import type { FuzzInput } from '../../fixtures/authoring/hostile';

export interface FuzzResult {
  ms: number;
  /** Heap grown while analysing (bytes allocated and not yet collected): an upper bound of the live memory it needed. */
  heapGrowth: number;
  problems: number;
}

function checkProblems(text: string, problems: Problem[]): void {
  for (const p of problems) {
    assert.ok(0 <= p.start && p.start <= p.end && p.end <= text.length, `range ${p.start}-${p.end} of ${text.length}`);
    assert.ok(p.message.length > 0 && p.message.length < 1000, `message of ${p.message.length} characters`);
    assert.ok(['error', 'warning', 'information'].includes(p.severity));
    for (const f of p.fixes ?? [])
      for (const e of f.edits) assert.ok(0 <= e.start && e.start <= e.end && e.end <= text.length, 'fix edit range');
  }
}

export function fuzzOne(input: FuzzInput, store: SchemaStore, offset: number): FuzzResult {
  const before = getHeapStatistics().used_heap_size;
  const t0 = performance.now();
  let problems: Problem[];
  if (input.dockerfile) problems = checkDockerfile(input.text, () => true);
  else {
    const path = input.base.endsWith('.yaml') ? `/w/${input.base}` : '/w/values.yaml';
    const a = analyzeYaml(input.text, path, { store });
    problems = a.problems;
    if (a.schema) {
      complete(input.text, offset, a.schema.id, store);
      hover(a.parsed, offset, a.schema.id, store);
    }
  }
  const ms = performance.now() - t0;
  const heapGrowth = Math.max(0, getHeapStatistics().used_heap_size - before);
  checkProblems(input.text, problems);
  return { ms, heapGrowth, problems: problems.length };
}
