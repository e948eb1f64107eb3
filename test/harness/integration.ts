/**
 * Runs the integration suite (test/integration, mocha) inside the extension host of a real VS Code:
 * code-server, driven by headless Chromium. The verdict is the tests module's exit code.
 */
import * as path from 'node:path';
import type { CodeServer } from './code-server';
import { mochaFailures } from './failures';
import { openWorkbench } from './workbench';

export interface SuiteResult {
  passed: number;
  failed: number;
  exitCode: number;
  /** What the tests printed. */
  output?: string;
  /** The titles of the tests that failed, as far as the output names them. */
  failures?: string[];
}

export async function runIntegration(
  server: CodeServer,
  repo: string,
  workspace: string,
  env: Record<string, string>,
  timeoutMs: number,
  testsPath = path.join(repo, 'out', 'test', 'integration', 'index.js'),
): Promise<SuiteResult> {
  let finish!: (code: number) => void;
  const exited = new Promise<number>((resolve) => (finish = resolve));
  const lines: string[] = [];
  const wb = await openWorkbench(server, {
    folder: workspace,
    extensionDevelopmentPath: repo,
    extensionTestsPath: testsPath,
    extensionEnvironment: env,
    onLog: (line) => {
      lines.push(line);
      process.stdout.write(line.endsWith('\n') ? line : `${line}\n`);
    },
    onExit: (code) => finish(code),
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const code = await Promise.race([
      exited,
      new Promise<number>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`integration tests gave no exit code within ${timeoutMs / 1000} s`)),
          timeoutMs,
        );
      }),
    ]);
    const text = lines.join('\n');
    const passed = Number(/(\d+) passing/.exec(text)?.[1] ?? 0);
    const failed = Number(/(\d+) failing/.exec(text)?.[1] ?? (code === 0 ? 0 : 1));
    return {
      passed,
      failed: code === 0 ? failed : Math.max(failed, 1),
      exitCode: code,
      output: text,
      failures: mochaFailures(text),
    };
  } catch (err) {
    await wb.screenshot(path.join(repo, '.test-artifacts', 'integration-timeout.png')).catch(() => undefined);
    throw err;
  } finally {
    clearTimeout(timer);
    await wb.close();
  }
}
