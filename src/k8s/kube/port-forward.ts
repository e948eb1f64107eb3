import * as net from 'node:net';
import { PortForward, type KubeConfig } from '@kubernetes/client-node';
import type { PortForwardHandle } from '../cluster-client';

/**
 * Listens on 127.0.0.1:<random port> and forwards each connection to the pod's port over the
 * API server's port-forward WebSocket, until disposed.
 */
export async function forwardPort(
  kc: KubeConfig,
  namespace: string,
  pod: string,
  port: number,
  onError: (e: unknown) => void,
): Promise<PortForwardHandle> {
  const forward = new PortForward(kc, true);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    forward.portForward(namespace, pod, [port], socket, null, socket).catch((e) => {
      onError(e);
      socket.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address() as net.AddressInfo;
  return {
    localPort: address.port,
    dispose: () => {
      server.close();
      for (const s of sockets) s.destroy();
    },
  };
}
