/**
 * Listens on 127.0.0.1:<random port> and carries each connection to the pod's port over its own
 * port-forward WebSocket through the API server, until disposed.
 *
 * Written on `ws` rather than client-node's PortForward, which drops what matters here: when the
 * server ends the forward (the pod's port refused, no such port, the far end closed) its WebSocket
 * closes but the local connection stays open, so an HTTP client waits for an answer that never comes;
 * the error channel's text is thrown away; and a local connection that is destroyed leaves its
 * WebSocket open. Here the two ends close together, the server's error text is kept for the caller,
 * and both directions respect backpressure.
 */
import * as net from 'node:net';
import type { KubeConfig } from '@kubernetes/client-node';
import WebSocket from 'ws';
import type { PortForwardHandle } from '../cluster-client';
import { PORT_FORWARD_PROTOCOL, PortForwardFrames } from './port-forward-frames';

/** Bytes queued on a WebSocket before the local connection is paused. */
const HIGH_WATER = 1024 * 1024;

export interface KubePortForward extends PortForwardHandle {
  /** The last failure of a connection through this forward, as the server or the socket told it. */
  lastError(): string | undefined;
}

export async function forwardPort(
  kc: KubeConfig,
  namespace: string,
  pod: string,
  port: number,
): Promise<KubePortForward> {
  const server = kc.getCurrentCluster()!.server.replace(/\/$/, '').replace(/^http/, 'ws');
  const url = `${server}/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/portforward?ports=${port}`;
  const open = new Set<() => void>();
  let lastError: string | undefined;
  const listener = net.createServer((socket) => {
    const close = carry(socket, kc, url, port, (e) => (lastError = e));
    open.add(close);
    socket.once('close', () => open.delete(close));
  });
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(0, '127.0.0.1', () => resolve());
  });
  const address = listener.address() as net.AddressInfo;
  return {
    localPort: address.port,
    lastError: () => lastError,
    dispose: () => {
      listener.close();
      for (const close of [...open]) close();
    },
  };
}

/** Carries one local connection over one WebSocket; returns a function that closes both. */
function carry(
  socket: net.Socket,
  kc: KubeConfig,
  url: string,
  port: number,
  onError: (e: string) => void,
): () => void {
  const frames = new PortForwardFrames(port);
  let ws: WebSocket | undefined;
  let done = false;
  const finish = (error?: string) => {
    if (done) return;
    done = true;
    if (error) {
      onError(error);
      socket.destroy();
    } else {
      socket.end();
    }
    if (ws?.readyState === WebSocket.OPEN) ws.close(1000);
    else if (ws?.readyState === WebSocket.CONNECTING) ws.terminate();
  };
  socket.on('error', (e) => finish(`local connection: ${e.message}`));
  socket.on('close', () => finish());

  const options: Record<string, unknown> = {};
  kc.applyToHTTPSOptions(options as never).then(
    () => {
      if (done) return;
      ws = new WebSocket(url, [PORT_FORWARD_PROTOCOL], options);
      wire(ws);
    },
    (e: Error) => finish(`credentials for the port-forward: ${e.message}`),
  );

  function wire(w: WebSocket): void {
    w.on('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.length < 16 && chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8').slice(0, 500);
        finish(`the API server refused the port-forward: HTTP ${res.statusCode}${body ? ` ${body}` : ''}`);
      });
      res.on('error', () => finish(`the API server refused the port-forward: HTTP ${res.statusCode}`));
    });
    w.on('error', (e) => finish(`port-forward WebSocket: ${e.message}`));
    w.on('open', () => {
      socket.on('data', (chunk: Buffer) => {
        w.send(PortForwardFrames.outgoing(chunk), () => {
          if (socket.isPaused() && w.bufferedAmount < HIGH_WATER) socket.resume();
        });
        if (w.bufferedAmount >= HIGH_WATER) socket.pause();
      });
      // The protocol has no half-close: the request is over when the local side ends.
      socket.on('end', () => finish());
    });
    w.on('message', (message: Buffer) => {
      const data = frames.receive(message);
      if (data && !socket.write(data)) {
        w.pause();
        socket.once('drain', () => w.resume());
      }
    });
    w.on('close', () => finish(frames.error()));
  }

  return () => finish();
}
