/** Reads the captured Alluxio and HDFS answers in test/fixtures/data (see its README). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'data');

export function alluxio(name: string): string {
  return readFileSync(join(FIXTURES, 'alluxio-2.9.6', name), 'utf8');
}

export function hadoop(name: string): string {
  return readFileSync(join(FIXTURES, 'hadoop-3.3.6', name), 'utf8');
}

/** A captured shell answer without the capture script's "$ command" first line and "exit N" last line. */
export function shellOutput(text: string): string {
  return text.replace(/^\$ [^\n]*\n/, '').replace(/exit -?\d+\n?$/, '');
}

export function alluxioShell(name: string): string {
  return shellOutput(alluxio(name));
}

export function hadoopShell(name: string): string {
  return shellOutput(hadoop(name));
}
