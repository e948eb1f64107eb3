/**
 * An in-memory ClusterClient for the data fetchers: portForward lands on real local HTTP servers
 * (one per pod port, see `serve`) and exec answers from a handler. Everything else is not needed and rejects.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ClusterError,
  type ClusterClient,
  type ExecIO,
  type ExecResult,
  type PortForwardHandle,
} from '../../src/k8s/cluster-client';

export type ExecHandler = (pod: string, command: string[], io: ExecIO) => Promise<ExecResult>;

export class LocalForwardClusterClient implements ClusterClient {
  readonly context = 'test';
  readonly user = 'tester';
  /** `ns/pod:port` → local port of the server standing for it */
  readonly forwards = new Map<string, number>();
  readonly forwarded: string[] = [];
  readonly disposedForwards: number[] = [];
  forwardError?: ClusterError;
  execError?: ClusterError;
  execHandler?: ExecHandler;
  readonly execs: string[][] = [];

  async portForward(namespace: string, pod: string, port: number): Promise<PortForwardHandle> {
    if (this.forwardError) throw this.forwardError;
    const key = `${namespace}/${pod}:${port}`;
    this.forwarded.push(key);
    // A port nobody serves: the forward opens, connections through it are refused, as with a real
    // forward to a container port nothing listens on.
    const localPort = this.forwards.get(key) ?? (await closedPort());
    return { localPort, dispose: () => this.disposedForwards.push(localPort) };
  }

  async exec(_ns: string, pod: string, _c: string | undefined, command: string[], io: ExecIO): Promise<ExecResult> {
    this.execs.push(command);
    if (this.execError) throw this.execError;
    if (!this.execHandler) return { exitCode: 127, message: `${command[0]}: not found` };
    return this.execHandler(pod, command, io);
  }

  list(): never {
    throw new Error('not used');
  }
  watch(): never {
    throw new Error('not used');
  }
  getYaml(): never {
    throw new Error('not used');
  }
  events(): never {
    throw new Error('not used');
  }
  delete(): never {
    throw new Error('not used');
  }
  patchNodeLabels(): never {
    throw new Error('not used');
  }
  apply(): never {
    throw new Error('not used');
  }
  apiVersions(): never {
    throw new Error('not used');
  }
  namespaces(): never {
    throw new Error('not used');
  }
  dispose(): void {}
}

/** A local port with nothing listening on it. */
export async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export interface Route {
  status?: number;
  body: string;
}

/**
 * A real HTTP server on 127.0.0.1 answering from a table `path → answer`; unknown paths get 404;
 * the path '/hang' never answers (until the server closes).
 */
export async function serve(routes: Record<string, Route | string>): Promise<{ port: number; close(): Promise<void> }> {
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const url = req.url ?? '';
    if (url === '/hang') {
      hanging.add(res);
      return;
    }
    const r = routes[url];
    const route = typeof r === 'string' ? { body: r } : r;
    res.writeHead(route?.status ?? (route ? 200 : 404), { 'content-type': 'application/json' });
    res.end(route?.body ?? '<html><body>HTTP ERROR 404 Not Found</body></html>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((r) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
