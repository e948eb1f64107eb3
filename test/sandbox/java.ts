// What the sandbox's Java servers (Hadoop's MiniDFSCluster, Alluxio) share: finding the JDK's tools,
// compiling one source file against a folder of jars (cached by the source's hash), and shell quoting
// for the launchers that stand in for `hdfs` and `alluxio` inside KWOK's exec.
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The folder holding a server's Java source: `test/sandbox/<sub>` beside the compiled file's checkout
 * (out/test/sandbox/<sub>/index.js), or `here` when run from the sources.
 */
export function sourceDir(here: string, sub: string, file: string, who: string): string {
  const candidates = [path.resolve(here, '..', '..', '..', '..', 'test', 'sandbox', sub), here];
  const found = candidates.find((d) => fs.existsSync(path.join(d, file)));
  if (!found) throw new Error(`${who}: ${file} not found in ${candidates.join(' or ')}`);
  return found;
}

/** The path of a tool on PATH, or an error naming the Debian package to install and who needs it. */
export function need(tool: string, pkg: string, who: string): string {
  try {
    return execFileSync('sh', ['-c', 'command -v "$0"', tool], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(`${who}: ${tool} is missing (apt-get install ${pkg})`);
  }
}

/** The jars of a fetched library folder, sorted, without those `skip` rejects. */
export function jarsIn(lib: string, skip: (name: string) => boolean = () => false): string[] {
  return fs
    .readdirSync(lib)
    .filter((f) => f.endsWith('.jar') && !skip(f))
    .sort()
    .map((f) => path.join(lib, f));
}

/**
 * Compiles `source` (class `className`) against `jars` into `<home>/classes-<hash of the source>` when
 * that folder does not hold it yet; returns the folder.
 */
export function compileOnce(
  home: string,
  source: string,
  className: string,
  jars: string[],
  say: (m: string) => void,
): string {
  const hash = crypto.createHash('sha256').update(fs.readFileSync(source)).digest('hex').slice(0, 12);
  const classes = path.join(home, `classes-${hash}`);
  if (!fs.existsSync(path.join(classes, `${className}.class`))) {
    const javac = need('javac', 'openjdk-17-jdk-headless', `compiling ${path.basename(source)}`);
    say(`compiling ${path.basename(source)}`);
    fs.mkdirSync(classes, { recursive: true });
    execFileSync(javac, ['-nowarn', '-d', classes, '-cp', jars.join(path.delimiter), source], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  }
  return classes;
}

/** A string quoted for sh. */
export const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
