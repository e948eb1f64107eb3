import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { PortForwardFrames } from '../../../src/k8s/kube/port-forward-frames';

const msg = (channel: number, ...bytes: (number[] | string)[]) =>
  Buffer.concat([Buffer.from([channel]), ...bytes.map((b) => Buffer.from(b as never))]);
/** 19999 little-endian */
const PORT = [0x1f, 0x4e];

test('the port number opening each channel is not data; later messages are', () => {
  const f = new PortForwardFrames(19999);
  assert.equal(f.receive(msg(0, PORT)), undefined);
  assert.equal(f.receive(msg(1, PORT)), undefined);
  assert.equal(f.receive(msg(0, 'HTTP/1.1 200 OK\r\n'))?.toString(), 'HTTP/1.1 200 OK\r\n');
  // two bytes that look like a port inside later data stay data
  assert.deepEqual([...f.receive(msg(0, PORT))!], PORT);
  assert.equal(f.error(), undefined);
});

test('a port number split over messages or followed by data in the same message', () => {
  const f = new PortForwardFrames(19999);
  assert.equal(f.receive(msg(0, [PORT[0]!])), undefined);
  assert.equal(f.receive(msg(0, [PORT[1]!], 'abc'))?.toString(), 'abc');
  assert.equal(f.error(), undefined);
});

test('error channel text is kept (bounded) and returned as the error', () => {
  const f = new PortForwardFrames(19999);
  f.receive(msg(1, PORT));
  assert.equal(f.receive(msg(1, 'no forward found for port 19999')), undefined);
  assert.equal(f.error(), 'no forward found for port 19999');
  const big = new PortForwardFrames(19999);
  big.receive(msg(1, PORT));
  for (let i = 0; i < 100; i++) big.receive(msg(1, 'x'.repeat(1000)));
  assert.equal(big.error()!.length, 4096);
});

test('a prefix for another port or an unknown channel is a protocol error', () => {
  const f = new PortForwardFrames(50070);
  f.receive(msg(0, PORT));
  assert.equal(f.error(), 'the server answered for port 19999, not 50070');
  const g = new PortForwardFrames(19999);
  assert.equal(g.receive(msg(2, 'x')), undefined);
  assert.match(g.error()!, /channel 2/);
  assert.equal(new PortForwardFrames(1).receive(Buffer.alloc(0)), undefined);
});

test('outgoing data goes on channel 0', () => {
  assert.deepEqual([...PortForwardFrames.outgoing(Buffer.from('GET'))], [0, ...Buffer.from('GET')]);
});
