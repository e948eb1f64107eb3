#!/usr/bin/env node
// alluxio-dl-validate FILE... [--schema alluxio-2.2|alluxio-2.2-alibaba|alluxio-2.9|hdfs|tfjob|pytorchjob|auto] [--json]
// Prints file:line:col severity message; exit 1 on any error, 0 otherwise, 2 on unreadable input or bad usage.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { analyzeYaml } from '../core/checks/diagnose';
import type { Problem } from '../core/checks/types';
import { checkDockerfile } from '../core/dockerfile/check';
import { isSchemaId, SCHEMA_IDS, type SchemaId } from '../core/schema/names';
import { SchemaStore } from '../core/schema/store';
import { LineIndex } from '../core/yaml/lines';

const USAGE = `usage: alluxio-dl-validate FILE... [--schema ${[...SCHEMA_IDS, 'auto'].join('|')}] [--json]`;

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

export function run(argv: string[], io: CliIo, store?: SchemaStore): number {
  const files: string[] = [];
  let schema: SchemaId | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '--schema' || a.startsWith('--schema=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === 'auto') schema = undefined;
      else if (v && isSchemaId(v)) schema = v;
      else {
        io.err(`alluxio-dl-validate: unknown schema "${v ?? ''}"\n${USAGE}`);
        return 2;
      }
    } else if (a === '-h' || a === '--help') {
      io.out(USAGE);
      return 0;
    } else if (a.startsWith('--')) {
      io.err(`alluxio-dl-validate: unknown option ${a}\n${USAGE}`);
      return 2;
    } else files.push(a);
  }
  if (!files.length) {
    io.err(USAGE);
    return 2;
  }
  const schemas = store ?? new SchemaStore();
  const rows: Row[] = [];
  let unreadable = false;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      io.err(`${file}: cannot read: ${(e as Error).message}`);
      unreadable = true;
      continue;
    }
    const lines = new LineIndex(text);
    let problems: Problem[];
    if (/(^|\.)Dockerfile$|^Dockerfile\./i.test(basename(file))) {
      const dir = dirname(resolve(file));
      problems = checkDockerfile(text, (name) => existsSync(join(dir, name)));
    } else {
      const a = analyzeYaml(text, resolve(file), { store: schemas, schema });
      if (!a.schema && !a.problems.length && !json)
        io.err(`${file}: not recognised as an Alluxio, HDFS or training-job file (use --schema); skipped`);
      problems = a.problems;
    }
    for (const p of problems) {
      const s = lines.positionAt(p.start);
      const e = lines.positionAt(p.end);
      rows.push({
        file,
        line: s.line + 1,
        column: s.character + 1,
        endLine: e.line + 1,
        endColumn: e.character + 1,
        severity: p.severity,
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

if (require.main === module) {
  process.exitCode = run(process.argv.slice(2), { out: (s) => console.log(s), err: (s) => console.error(s) });
}
