// A few thousand mutated values files, TFJobs and Dockerfiles, each within a time and memory bound.
// ALLUXIO_DL_FUZZ_SEED and ALLUXIO_DL_FUZZ_INPUTS choose others; `npm run bench -- fuzz` runs more.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SCHEMA_IDS } from '../../../src/core/schema/names';
import { fuzzCorpus } from '../../fixtures/authoring/hostile';
import { fuzzBases } from './fuzz-bases';
import { fuzzOne } from './fuzz-run';
import { store } from './helpers';

const SEED = Number(process.env.ALLUXIO_DL_FUZZ_SEED ?? 16);
const INPUTS = Number(process.env.ALLUXIO_DL_FUZZ_INPUTS ?? 3000);
/** "Never freezes" bounds, far above the goals the benchmark measures (200 ms p99). */
const MAX_MS = 2000;
const MAX_HEAP = (size: number) => 256 * 2 ** 20 + 20 * size;

test(`fuzz: ${INPUTS} mutated inputs (seed ${SEED}) are answered within bounds, with well-formed problems`, () => {
  const bases = fuzzBases();
  // Schemas are compiled once per editor session, not per document: compile them before timing.
  for (const id of SCHEMA_IDS) store.validator(id);
  let i = 0;
  for (const input of fuzzCorpus(bases, INPUTS, SEED)) {
    const where = `input #${i} (seed ${SEED}, from ${input.base}, ${input.text.length} characters); rerun with ALLUXIO_DL_FUZZ_SEED=${SEED}`;
    let r;
    try {
      r = fuzzOne(input, store, (i * 7919) % (input.text.length + 1));
    } catch (err) {
      assert.fail(`${where}: ${(err as Error).stack ?? String(err)}`);
    }
    assert.ok(r.ms < MAX_MS, `${where}: ${r.ms.toFixed(0)} ms`);
    assert.ok(r.heapGrowth < MAX_HEAP(input.text.length), `${where}: heap grew ${r.heapGrowth} bytes`);
    i++;
  }
  assert.equal(i, INPUTS);
});
