/**
 * `npm test`: every kind of test, in order, with one closing summary line.
 *   unit         plain Node (node:test) for src/core and friends
 *   sandbox      the local cluster's own tests (real control plane, helm, kubectl)
 *   integration  mocha inside the extension host of code-server, against the sandbox cluster
 *   ui           Playwright driving the code-server workbench in headless Chromium
 * Usage: node out/test/harness/main.js [all|unit|sandbox|integration|ui]...
 */
import * as path from 'node:path';
import { checkChromium, ensureCodeServer, ensureNode24, node24Binary } from './cache';
import { startCodeServer } from './code-server';
import { runIntegration, SuiteResult } from './integration';
import { runNodeTests } from './node-tests';
import { withSandbox } from './sandbox';

const REPO = path.resolve(__dirname, '..', '..', '..');
const KINDS = ['unit', 'sandbox', 'integration', 'ui'] as const;
type Kind = (typeof KINDS)[number];

async function main(): Promise<number> {
  const asked = process.argv.slice(2).filter((a) => a !== 'all');
  const kinds: Kind[] = asked.length ? (asked as Kind[]) : [...KINDS];
  const unknown = kinds.filter((k) => !KINDS.includes(k));
  if (unknown.length) throw new Error(`unknown test kind ${unknown.join(', ')}; use ${KINDS.join(', ')} or all`);

  const nodeDir = await ensureNode24();
  const node = node24Binary(nodeDir);
  const results: [Kind, SuiteResult | Error][] = [];
  const record = async (kind: Kind, work: () => Promise<SuiteResult>) => {
    console.log(`\n=== ${kind} tests ===`);
    const started = Date.now();
    try {
      const r = await work();
      results.push([kind, r]);
      console.log(
        `=== ${kind}: ${r.passed} passed, ${r.failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`,
      );
    } catch (err) {
      results.push([kind, err as Error]);
      console.error(`=== ${kind}: could not run: ${(err as Error).message}`);
    }
  };

  if (kinds.includes('unit')) await record('unit', () => runNodeTests(node, REPO, ['out/test/unit/**/*.test.js']));
  if (kinds.includes('sandbox'))
    await record('sandbox', () => runNodeTests(node, REPO, ['out/test/sandbox/**/*.test.js']));
  const editorKinds = kinds.filter((k) => k === 'integration' || k === 'ui');
  if (editorKinds.length) {
    checkChromium();
    const entry = await ensureCodeServer(nodeDir);
    await withSandbox(REPO, async (sandboxEnv) => {
      if (editorKinds.includes('integration')) {
        await record('integration', async () => {
          const server = await startCodeServer({ node, entry, workspace: sandboxEnv.workspace, env: sandboxEnv.env });
          try {
            return await runIntegration(server, REPO, sandboxEnv.workspace, sandboxEnv.env, 20 * 60_000);
          } finally {
            await server.stop();
          }
        });
      }
      if (editorKinds.includes('ui')) {
        await record('ui', () =>
          runNodeTests(node, REPO, ['out/test/ui/**/*.ui.js'], {
            ...sandboxEnv.env,
            ALLUXIO_DL_NODE24: node,
            ALLUXIO_DL_CODE_SERVER: entry,
            ALLUXIO_DL_WORKSPACE: sandboxEnv.workspace,
          }),
        );
      }
    });
  }

  const parts = results.map(([kind, r]) =>
    r instanceof Error ? `${kind} ERROR` : `${kind} ${r.passed} passed/${r.failed} failed`,
  );
  const ok =
    results.length === kinds.length &&
    results.every(([, r]) => !(r instanceof Error) && r.failed === 0 && r.passed > 0);
  console.log(`\nSUMMARY: ${parts.join(' | ')} => ${ok ? 'PASS' : 'FAIL'}`);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`\nSUMMARY: could not run the tests: ${(err as Error).message} => FAIL`);
    process.exit(1);
  },
);
