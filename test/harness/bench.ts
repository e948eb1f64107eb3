/**
 * `npm run bench`: runs every benchmark in test/bench (or those named: `npm run bench -- activation`)
 * under Node 24, one after the other, each printing its own figures. Arguments starting with `--`
 * are handed to every chosen benchmark (`npm run bench -- load --seconds=60`).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureNode24, node24Binary } from './cache';

const BENCH_DIR = path.resolve(__dirname, '..', 'bench');

async function main(): Promise<number> {
  const node = node24Binary(await ensureNode24());
  const all = fs
    .readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.bench.js'))
    .sort();
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
  const chosen = wanted.length ? all.filter((f) => wanted.some((w) => f.startsWith(w))) : all;
  if (chosen.length === 0) throw new Error(`no benchmark matches ${wanted.join(', ')}; have ${all.join(', ')}`);
  const failed: string[] = [];
  for (const file of chosen) {
    console.log(`\n=== ${file.replace('.bench.js', '')} ===`);
    const r = spawnSync(node, [path.join(BENCH_DIR, file), ...flags], { stdio: 'inherit', env: process.env });
    if (r.status !== 0) failed.push(file);
  }
  console.log(
    `\nbenchmarks: ${chosen.length - failed.length} ran${failed.length ? `, failed: ${failed.join(', ')}` : ''}`,
  );
  return failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error((err as Error).message);
    process.exit(1);
  },
);
