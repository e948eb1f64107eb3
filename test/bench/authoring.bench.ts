// Diagnostics on a ~3,000-line Alluxio values file and completion latency, p50/p95, side by side with
// npm yaml-language-server (stdio LSP, same file, same schema, a new document version each round).
// Run: npm run compile && node out/test/bench/authoring.bench.js [rounds]
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sharedDir } from '../fixtures/shared';
import { analyzeYaml } from '../../src/core/checks/diagnose';
import { complete } from '../../src/core/schema/complete';
import { SchemaStore } from '../../src/core/schema/store';

const repo = join(__dirname, '..', '..', '..');
const shared = sharedDir();
const ROUNDS = Number(process.argv[2] ?? 60);
/** First rounds (JIT warm-up) are run but not counted, for both servers. */
const WARMUP = 10;
/** yaml-language-server waits this long after a change before validating (yamlSettings.validationDelayMs, not configurable over LSP). */
const YLS_DELAY_MS = 200;

export function bigValues(): string {
  const base = readFileSync(join(shared, 'fixtures/upstream/alluxio-chart-2.9/values.yaml'), 'utf8');
  const table = JSON.parse(readFileSync(join(repo, 'schemas/alluxio-properties-2.9.json'), 'utf8'))
    .properties as Record<string, { default: string }>;
  const keys = Object.keys(table);
  const block = (indent: string, n: number, from: number) =>
    keys
      .slice(from, from + n)
      .map((k) => `${indent}${k}: ${JSON.stringify(table[k].default)}`)
      .join('\n');
  let text = base.replace(
    /^properties:\n {2}# alluxio.user.metrics.collection.enabled: 'true'\n {2}alluxio.security.stale.channel.purge.interval: 365d\n/m,
    `properties:\n${block('  ', 800, 0)}\n`,
  );
  for (const section of ['worker', 'fuse', 'jobWorker']) {
    const re = new RegExp(`^${section}:\\n((?: .*\\n|\\n)*?)  properties:\\n`, 'm');
    text = text.replace(
      re,
      (m) => `${m}${block('    ', 560, section === 'worker' ? 0 : section === 'fuse' ? 200 : 400)}\n`,
    );
  }
  // One deliberate mistake, so both validators show they really apply the schema.
  return text.replace(
    '  # JVM options specific to the master container\n  jvmOptions:\n',
    '  # JVM options specific to the master container\n  jvmOptions: " -Xmx4G "\n',
  );
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(2)} ms  p95 ${pct(xs, 95).toFixed(2)} ms`;

function variant(text: string, round: number): string {
  return text.replace(/^imageTag: .*$/m, `imageTag: "2.9.6-r${round}"`);
}

interface Side {
  diag: number[];
  comp: number[];
  problems: number;
  items: number;
}

/** Our side: the same core the editor and the CLI use, in-process. */
function oursSetup(
  text: string,
  offset: number,
): { cold: number; problems: number; round: (r: number) => [number, number, number] } {
  const store = new SchemaStore(join(repo, 'schemas'));
  const t0 = performance.now();
  const first = analyzeYaml(text, '/bench/values.yaml', { store, schema: 'alluxio-2.9' });
  const cold = performance.now() - t0;
  return {
    cold,
    problems: first.problems.length,
    round: (r) => {
      const v = variant(text, r);
      const a = performance.now();
      analyzeYaml(v, '/bench/values.yaml', { store, schema: 'alluxio-2.9' });
      const d = performance.now() - a;
      const b = performance.now();
      const items = complete(v, offset + (v.length - text.length), 'alluxio-2.9', store).length;
      return [d, performance.now() - b, items];
    },
  };
}

class Lsp {
  private buf = Buffer.alloc(0);
  private id = 0;
  private readonly pending = new Map<number, (r: any) => void>();
  private readonly listeners: Array<(m: any) => void> = [];
  constructor(
    private readonly proc: ChildProcess,
    private readonly settings: (section: string) => unknown,
  ) {
    proc.stdout!.on('data', (d: Buffer) => this.read(d));
  }
  private read(d: Buffer): void {
    this.buf = Buffer.concat([this.buf, d]);
    for (;;) {
      const head = this.buf.indexOf('\r\n\r\n');
      if (head < 0) return;
      const len = Number(/Content-Length: (\d+)/i.exec(this.buf.subarray(0, head).toString())![1]);
      if (this.buf.length < head + 4 + len) return;
      const msg = JSON.parse(this.buf.subarray(head + 4, head + 4 + len).toString('utf8'));
      this.buf = this.buf.subarray(head + 4 + len);
      if (msg.id !== undefined && msg.method === undefined) this.pending.get(msg.id)?.(msg.result);
      else if (msg.method && msg.id !== undefined)
        this.send({
          jsonrpc: '2.0',
          id: msg.id,
          result:
            msg.method === 'workspace/configuration'
              ? (msg.params.items as Array<{ section: string }>).map((i) => this.settings(i.section) ?? null)
              : null,
        });
      else for (const l of this.listeners) l(msg);
    }
  }
  send(msg: object): void {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.proc.stdin!.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin!.write(body);
  }
  notify(method: string, params: object): void {
    this.send({ jsonrpc: '2.0', method, params });
  }
  request(method: string, params: object): Promise<any> {
    const id = ++this.id;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }
  next(pred: (m: any) => boolean): Promise<any> {
    return new Promise((resolve) => {
      const l = (m: any) => {
        if (!pred(m)) return;
        this.listeners.splice(this.listeners.indexOf(l), 1);
        resolve(m);
      };
      this.listeners.push(l);
    });
  }
}

async function ylsSetup(
  text: string,
  offset: number,
): Promise<{
  version: string;
  problems: number;
  round: (r: number) => Promise<[number, number, number]>;
  close: () => Promise<void>;
}> {
  const bin = join(repo, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
  const version = JSON.parse(
    readFileSync(join(repo, 'node_modules', 'yaml-language-server', 'package.json'), 'utf8'),
  ).version;
  const proc = spawn(process.execPath, [bin, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const uri = 'file:///bench/values.yaml';
  const schemaUri = pathToFileURL(join(repo, 'schemas', 'alluxio-2.9.schema.json')).toString();
  const yaml = {
    validate: true,
    completion: true,
    hover: true,
    schemas: { [schemaUri]: '/bench/values.yaml' },
    schemaStore: { enable: false },
  };
  // yaml-language-server 2 pulls its settings (workspace/configuration) on each didChangeConfiguration.
  const lsp = new Lsp(proc, (section) =>
    section === 'yaml' ? yaml : section === 'http' ? { proxy: '', proxyStrictSSL: false } : {},
  );
  await lsp.request('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      workspace: { configuration: true },
      textDocument: { completion: { completionItem: { snippetSupport: true } } },
    },
  });
  lsp.notify('initialized', {});
  lsp.notify('workspace/didChangeConfiguration', { settings: { yaml } });
  const lines = text.slice(0, offset).split('\n');
  const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
  const diagOf = (v: number) =>
    lsp.next(
      (m) =>
        m.method === 'textDocument/publishDiagnostics' &&
        m.params.uri === uri &&
        (m.params.version === undefined || m.params.version === v),
    );
  const pub = diagOf(1);
  lsp.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const firstDiag = await pub;
  return {
    version,
    problems: firstDiag.params.diagnostics.length,
    round: async (r) => {
      const v = variant(text, r);
      const published = diagOf(r + 2);
      const a = performance.now();
      lsp.notify('textDocument/didChange', { textDocument: { uri, version: r + 2 }, contentChanges: [{ text: v }] });
      await published;
      const d = performance.now() - a - YLS_DELAY_MS;
      const b = performance.now();
      const res = await lsp.request('textDocument/completion', { textDocument: { uri }, position });
      const c = performance.now() - b;
      return [d, c, Array.isArray(res) ? res.length : (res?.items?.length ?? 0)];
    },
    close: async () => {
      await lsp.request('shutdown', {});
      lsp.notify('exit', {});
      proc.kill();
    },
  };
}

async function main(): Promise<void> {
  const text = bigValues();
  // Completion of a new top-level key on an empty last line (keys of the schema the file lacks).
  const withCursor = text.endsWith('\n') ? text + '\n' : text + '\n\n';
  const offset = withCursor.length - 1;
  console.log(
    `values file: ${withCursor.split('\n').length} lines, ${withCursor.length} bytes; ${ROUNDS} rounds (first ${WARMUP} not counted), a new version each round; schema alluxio-2.9`,
  );
  const o: Side = { diag: [], comp: [], problems: 0, items: 0 };
  const y: Side = { diag: [], comp: [], problems: 0, items: 0 };
  const ourSide = oursSetup(withCursor, offset);
  const theirSide = await ylsSetup(withCursor, offset);
  o.problems = ourSide.problems;
  y.problems = theirSide.problems;
  // Rounds alternate between the two, so load on the machine affects both alike.
  for (let r = 0; r < ROUNDS; r++) {
    const [od, oc, oi] = ourSide.round(r);
    const [yd, yc, yi] = await theirSide.round(r);
    o.items = oi;
    y.items = yi;
    if (r < WARMUP) continue;
    o.diag.push(od);
    o.comp.push(oc);
    y.diag.push(yd);
    y.comp.push(yc);
  }
  await theirSide.close();
  console.log(
    `alluxio-dl   diagnostics ${fmt(o.diag)}  (in-process; cold first run incl. schema compile ${ourSide.cold.toFixed(0)} ms; ${o.problems} problems)`,
  );
  console.log(`alluxio-dl   completion  ${fmt(o.comp)}  (${o.items} items)`);
  console.log(
    `yaml-ls ${theirSide.version} diagnostics ${fmt(y.diag)}  (stdio LSP round trip minus its fixed ${YLS_DELAY_MS} ms validation delay; ${y.problems} problems)`,
  );
  console.log(`yaml-ls ${theirSide.version} completion  ${fmt(y.comp)}  (${y.items} items)`);
  console.log(
    `speed-up: diagnostics p50 ${(pct(y.diag, 50) / pct(o.diag, 50)).toFixed(1)}x, p95 ${(pct(y.diag, 95) / pct(o.diag, 95)).toFixed(1)}x; completion p50 ${(pct(y.comp, 50) / pct(o.comp, 50)).toFixed(1)}x, p95 ${(pct(y.comp, 95) / pct(o.comp, 95)).toFixed(1)}x`,
  );
}

if (require.main === module)
  void main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
