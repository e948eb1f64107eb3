#!/usr/bin/env node
// alluxio-dl-validate FILE... [--schema alluxio-2.2|alluxio-2.2-alibaba|alluxio-2.9|hdfs|tfjob|pytorchjob|auto] [--json] [--strict]
// Prints file:line:col severity message; exit 1 on any error, 0 otherwise, 2 on unreadable input or bad usage.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { analyzeYaml } from '../core/checks/diagnose';
import type { Problem } from '../core/checks/types';
import { checkDockerfile } from '../core/dockerfile/check';
import { isSchemaId, SCHEMA_IDS, type SchemaId } from '../core/schema/names';
import { SchemaStore } from '../core/schema/store';
import { LineIndex } from '../core/yaml/lines';

const USAGE = `usage: alluxio-dl-validate FILE... [--schema ${[...SCHEMA_IDS, 'auto'].join('|')}] [--json] [--strict]`;

interface Row {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Problem['severity'];
  code: string;
  message: string;
}

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

interface Args {
  files: string[];
  schema?: SchemaId;
  json: boolean;
  strict: boolean;
  help: boolean;
}

function parseArgs(argv: string[]): Args | string {
  const args: Args = { files: [], json: false, strict: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') args.json = true;
    else if (a === '--strict') args.strict = true;
    else if (a === '--schema' || a.startsWith('--schema=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === 'auto') args.schema = undefined;
      else if (v && isSchemaId(v)) args.schema = v;
      else return `unknown schema "${v ?? ''}"`;
    } else if (a === '-h' || a === '--help') args.help = true;
    else if (a.startsWith('--')) return `unknown option ${a}`;
    else args.files.push(a);
  }
  if (!args.files.length && !args.help) return 'no file given';
  return args;
}

export function run(argv: string[], io: CliIo, store?: SchemaStore): number {
  const args = parseArgs(argv);
  const json = argv.includes('--json');
  if (typeof args === 'string') {
    if (json) io.out(JSON.stringify({ error: args, usage: USAGE }, null, 2));
    else io.err(`alluxio-dl-validate: ${args}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    io.out(USAGE);
    return 0;
  }
  const schemas = store ?? new SchemaStore();
  const rows: Row[] = [];
  let unreadable = false;
  const seen = new Set<string>();
  for (const file of args.files) {
    // The same file named twice (or by two spellings of its path) is checked once.
    const key = resolve(file);
    if (seen.has(key)) continue;
    seen.add(key);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      const message = `cannot read: ${(e as Error).message}`;
      if (json) rows.push({ ...at(file, 1, 1), severity: 'error', code: 'unreadable', message });
      else io.err(`${file}: ${message}`);
      unreadable = true;
      continue;
    }
    let problems: Problem[];
    try {
      if (/(^|\.)Dockerfile$|^Dockerfile\./i.test(basename(file))) {
        const dir = dirname(key);
        problems = checkDockerfile(text, (name) => existsSync(join(dir, name)));
      } else {
        const a = analyzeYaml(text, key, { store: schemas, schema: args.schema });
        if (!a.schema && !a.problems.length && !json)
          io.err(`${file}: not recognised as an Alluxio, HDFS or training-job file (use --schema); skipped`);
        problems = a.problems;
      }
    } catch (e) {
      // A bug of ours must not pass the file: say so, as an error on the file.
      const message = `Alluxio DL failed while checking this file (${(e as Error).message}); please report it.`;
      problems = [{ start: 0, end: 0, severity: 'error', code: 'internal', message }];
    }
    const lines = new LineIndex(text);
    for (const p of problems) {
      const s = lines.positionAt(p.start);
      const e = lines.positionAt(p.end);
      rows.push({
        ...at(file, s.line + 1, s.character + 1),
        endLine: e.line + 1,
        endColumn: e.character + 1,
        severity: args.strict && p.severity === 'warning' ? 'error' : p.severity,
        code: p.code,
        message: p.message,
      });
    }
  }
  if (json) io.out(JSON.stringify(rows, null, 2));
  else for (const r of rows) io.out(`${r.file}:${r.line}:${r.column} ${r.severity} ${r.message}`);
  if (unreadable) return 2;
  return rows.some((r) => r.severity === 'error') ? 1 : 0;
}

function at(
  file: string,
  line: number,
  column: number,
): Pick<Row, 'file' | 'line' | 'column' | 'endLine' | 'endColumn'> {
  return { file, line, column, endLine: line, endColumn: column };
}

if (require.main === module) {
  process.exitCode = run(process.argv.slice(2), { out: (s) => console.log(s), err: (s) => console.error(s) });
}
