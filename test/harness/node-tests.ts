/** Runs node:test files (by glob) under Node 24 and counts what passed and failed. */
import { spawn } from 'node:child_process';
import { nodeTestFailures } from './failures';
import type { SuiteResult } from './integration';

export function runNodeTests(
  node: string,
  cwd: string,
  globs: string[],
  env: Record<string, string> = {},
): Promise<SuiteResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...globs], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      process.stdout.write(c);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const passed = Number(/ℹ pass (\d+)/.exec(out)?.[1] ?? 0);
      const failed = Number(/ℹ fail (\d+)/.exec(out)?.[1] ?? 0);
      if (passed + failed === 0) return reject(new Error(`no tests found for ${globs.join(' ')} (exit ${code})`));
      resolve({
        passed,
        failed: code === 0 ? failed : Math.max(failed, 1),
        exitCode: code ?? 1,
        failures: nodeTestFailures(out),
      });
    });
  });
}
