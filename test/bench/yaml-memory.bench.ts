// Memory of the YAML checks on dense files just under the 2 MB limit: for each shape, in a fresh
// process, the heap the parse (and the whole analysis the editor runs) holds afterwards and its peak
// while working, as a multiple of the file's size (the goal: under 10x).
// Run: npm run bench -- yaml-memory
//      node out/test/bench/yaml-memory.bench.js [shape…]
// The peak is read from V8's GC trace with a 1 MB young generation, so a collection runs at least
// every megabyte allocated: the largest heap seen before a collection is the peak, within about 1 MB.
import { spawnSync } from 'node:child_process';
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeYaml } from '../../src/core/checks/diagnose';
import { SCHEMA_IDS } from '../../src/core/schema/names';
import { SchemaStore } from '../../src/core/schema/store';
import { parseYaml } from '../../src/core/yaml/document';
import { DEFAULT_LIMITS } from '../../src/core/yaml/limits';
import { ALLUXIO_MODELINE } from '../fixtures/authoring/hostile';
import { seedConfigYaml } from '../unit/authoring/seed';
import { mb } from './stats';

const repo = join(__dirname, '..', '..', '..');
/** Just under the limit, as a user's largest accepted file would be. */
const TARGET = DEFAULT_LIMITS.maxChars - 64 * 1024;

/** Repeats `line(i)` until the text would pass TARGET characters. */
function fill(head: string, line: (i: number) => string, tail = '', target = TARGET): string {
  const parts = [head];
  let n = head.length + tail.length;
  for (let i = 0; ; i++) {
    const l = line(i);
    if (n + l.length > target) break;
    parts.push(l);
    n += l.length;
  }
  parts.push(tail);
  return parts.join('');
}

function nested(depth: number, i: number): string {
  let out = '';
  for (let d = 0; d < depth; d++) out += `${'  '.repeat(d)}n${i}_${d}:\n`;
  return `${out}${'  '.repeat(depth)}leaf: ${i}\n`;
}

const SHAPES: Record<string, () => string> = {
  'flow sequence of numbers': () => fill('values: [', (i) => `${i}, `, '0]\n'),
  'flow sequence of one-digit numbers': () => fill('values: [', (i) => `${i % 10},`, '0]\n'),
  'many short keys': () => fill('', (i) => `k${i}: ${i % 100}\n`),
  'many short keys, under the node limit': () => {
    // As many pairs as the node limit allows, each line padded so that they fill the file.
    const pairs = DEFAULT_LIMITS.maxNodes / 2 - 10;
    const width = Math.floor(TARGET / pairs) - 1;
    return fill('', (i) => `key${i}: `.padEnd(width, 'v') + '\n', '', TARGET).slice(0, pairs * (width + 1));
  },
  'long strings': () => fill('', (i) => `s${i}: "${'lorem ipsum '.repeat(80)}${i}"\n`),
  'long plain strings': () => fill('', (i) => `s${i}: ${'lorem ipsum '.repeat(80)}${i}\n`),
  'deep nesting (blocks 60 deep)': () => fill('', (i) => nested(60, i)),
  'list of small mappings': () => fill('items:\n', (i) => `- name: item-${i}\n  port: ${8000 + (i % 1000)}\n`),
  'Alluxio properties (checked against the schema)': () => {
    const base = ALLUXIO_MODELINE + seedConfigYaml();
    const props = fill('', (i) => `    alluxio.unknown.prop${i}: x\n`, '', TARGET - base.length);
    return base.replace('properties:\n', `properties:\n${props}`);
  },
};

interface Figures {
  bytes: number;
  ms: number;
  retained: number;
  peak: number;
  nodes: number;
  limits: number;
}

/** In a child (with --expose-gc --trace-gc): one shape through parseYaml or analyzeYaml; prints markers and JSON. */
function child(name: string, what: 'parse' | 'analyze'): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const store = new SchemaStore(join(repo, 'schemas'));
  for (const id of SCHEMA_IDS) store.validator(id);
  const seed = ALLUXIO_MODELINE + seedConfigYaml();
  analyzeYaml(seed, '/w/config.yaml', { store });
  const text = SHAPES[name]();
  // Flatten the text before measuring (a string built by joining is flat already; this makes sure).
  text.charCodeAt(text.length >> 1);
  gc();
  gc();
  const base = process.memoryUsage().heapUsed;
  writeSync(1, 'BEGIN\n');
  const t0 = performance.now();
  const parsed = what === 'parse' ? parseYaml(text) : analyzeYaml(text, '/w/values.yaml', { store }).parsed;
  const ms = performance.now() - t0;
  const atEnd = process.memoryUsage().heapUsed;
  writeSync(1, 'END\n');
  gc();
  gc();
  const retained = process.memoryUsage().heapUsed - base;
  let nodes = 0;
  const stack = parsed.documents.map((d) => d.root);
  while (stack.length) {
    const n = stack.pop();
    if (!n) continue;
    nodes++;
    if (n.kind === 'map') for (const p of n.pairs) stack.push(p.key, p.value);
    else if (n.kind === 'seq') stack.push(...n.items);
  }
  const figures: Figures = {
    bytes: text.length,
    ms,
    retained,
    peak: atEnd - base,
    nodes,
    limits: parsed.limits.length,
  };
  writeSync(1, `RESULT ${JSON.stringify(figures)} BASE ${base}\n`);
}

/** The largest heap before a collection between BEGIN and END, from --trace-gc lines ("Scavenge 25.2 (26.8) -> …"). */
function peakFromTrace(out: string, base: number, atEnd: number): number {
  const lines = out.split('\n');
  const from = lines.indexOf('BEGIN');
  const to = lines.indexOf('END');
  let peak = atEnd;
  for (const l of lines.slice(from + 1, to)) {
    const m = /: (?:Scavenge|Mark-Compact|Minor Mark-Sweep)[^\d]*([\d.]+) \([\d.]+\) ->/.exec(l);
    if (m) peak = Math.max(peak, Number(m[1]) * 1024 * 1024 - base);
  }
  return peak;
}

function measure(name: string, what: 'parse' | 'analyze'): Figures | string {
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', '--trace-gc', '--max-semi-space-size=1', __filename, '--child', name, what],
    { encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024 },
  );
  const m = /^RESULT (.*) BASE (\d+)$/m.exec(r.stdout);
  if (r.status !== 0 || !m) return `FAILED (${r.signal ?? r.status}) ${r.stderr.slice(0, 300)}`;
  const f = JSON.parse(m[1]) as Figures;
  return { ...f, peak: peakFromTrace(r.stdout, Number(m[2]), f.peak) };
}

function main(wanted: string[]): void {
  const names = Object.keys(SHAPES).filter((n) => !wanted.length || wanted.some((w) => n.includes(w)));
  console.log(
    `dense YAML just under the ${mb(DEFAULT_LIMITS.maxChars)} limit, each in a fresh process; heap held afterwards and peak heap while working, as a multiple of the file (goal < 10x):`,
  );
  let worst = 0;
  for (const name of names) {
    for (const what of ['parse', 'analyze'] as const) {
      const f = measure(name, what);
      if (typeof f === 'string') {
        console.log(`  ${name} (${what}): ${f}`);
        process.exitCode = 1;
        continue;
      }
      worst = Math.max(worst, f.peak / f.bytes);
      console.log(
        `  ${name} (${what === 'parse' ? 'parseYaml' : 'analyzeYaml, as the editor'}): ${mb(f.bytes)}, ${f.nodes.toLocaleString('en')} nodes${f.limits ? ', a limit hit' : ''}; ${f.ms.toFixed(0)} ms; held ${mb(f.retained)} (${(f.retained / f.bytes).toFixed(1)}x), peak ${mb(f.peak)} (${(f.peak / f.bytes).toFixed(1)}x)`,
      );
    }
  }
  console.log(`  worst peak: ${worst.toFixed(1)}x the file -> goal < 10x ${worst < 10 ? 'met' : 'NOT met'}`);
}

if (process.argv[2] === '--child') child(process.argv[3], process.argv[4] as 'parse' | 'analyze');
else main(process.argv.slice(2));
