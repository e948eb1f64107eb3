// A tiny HTTP control server on 127.0.0.1 so another process (the VS Code extension host running the
// integration tests) can drive a sandbox started by the harness:
//   GET  /info                      → JSON: dir, kubeconfig, restrictedKubeconfig, server, kubectl, helm, env, context, control
//   POST /restart-apiserver         → 200 when the apiserver is ready again
//   POST /append?file=ABS_PATH      → body: text lines (one per line) appended to that CRI log file (must be inside dir)
//   POST /fault/etcd-stop, /fault/etcd-start, /fault/apiserver-pause, /fault/apiserver-continue
//                                   → 200 when done (faults for the fault-tolerance tests)
// The same /info JSON is written to `${dir}/sandbox.json`.
import * as http from 'node:http';
import * as path from 'node:path';
import type { Sandbox } from './index';
import { sandboxInfo, writeInfo } from './info';

export interface ControlServer {
  url: string;
  close(): Promise<void>;
}

export function serveControl(sb: Sandbox): Promise<ControlServer> {
  let url = '';
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const fail = (e: unknown) => send(500, { error: (e as Error).message });
    if (req.method === 'GET' && u.pathname === '/info') return send(200, sandboxInfo(sb, { control: url }));
    if (req.method === 'POST' && u.pathname === '/restart-apiserver') {
      return void sb.restartApiserver().then(() => send(200, { ok: true }), fail);
    }
    const faults: Record<string, () => Promise<void> | void> = {
      '/fault/etcd-stop': () => sb.stopEtcd(),
      '/fault/etcd-start': () => sb.startEtcd(),
      '/fault/apiserver-pause': () => sb.pauseApiserver(),
      '/fault/apiserver-continue': () => sb.continueApiserver(),
    };
    const fault = req.method === 'POST' ? faults[u.pathname] : undefined;
    if (fault) {
      return void Promise.resolve()
        .then(fault)
        .then(() => send(200, { ok: true }), fail);
    }
    if (req.method === 'POST' && u.pathname === '/append') {
      const file = path.resolve(u.searchParams.get('file') ?? '');
      if (!file.startsWith(sb.dir + path.sep)) return send(400, { error: `file must be inside ${sb.dir}` });
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        const lines = body.split('\n').filter((l, i, all) => l !== '' || i < all.length - 1);
        sb.appendTrainingLines(file, lines).then(() => send(200, { appended: lines.length }), fail);
      });
      return;
    }
    send(404, { error: 'unknown endpoint' });
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      writeInfo(sb, { control: url });
      resolve({ url, close: () => new Promise<void>((r) => server.close(() => r())) });
    });
  });
}
