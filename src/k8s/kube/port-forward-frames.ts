/**
 * The port-forward WebSocket protocol (`v4.channel.k8s.io`) for one port. Every message starts with
 * a channel byte: 0 carries the port's data, 1 the server's error text (for example "no forward found"
 * or "connection refused"), after which the server closes. The first two bytes on each channel are
 * the port number (little-endian), not data. Data to the pod goes out on channel 0.
 */
export const PORT_FORWARD_PROTOCOL = 'v4.channel.k8s.io';

const DATA = 0;
const ERROR = 1;
/** Longest error text kept; a server that sends more is cut short. */
const MAX_ERROR_BYTES = 4096;

export class PortForwardFrames {
  /** port-number bytes still to skip, per channel */
  private readonly prefix = [2, 2];
  private readonly prefixBytes: number[] = [];
  private errorBytes: Buffer[] = [];
  private errorSize = 0;
  private problem?: string;

  constructor(private readonly port: number) {}

  /** The data bytes one message carries for the local connection (none for prefixes and error text). */
  receive(message: Buffer): Buffer | undefined {
    if (message.length === 0) return undefined;
    const channel = message[0]!;
    if (channel !== DATA && channel !== ERROR) {
      this.problem ??= `the server sent channel ${channel}, which a forward of one port does not have`;
      return undefined;
    }
    let body = message.subarray(1);
    const skip = Math.min(this.prefix[channel]!, body.length);
    if (skip > 0) {
      if (channel === DATA) this.prefixBytes.push(...body.subarray(0, skip));
      this.prefix[channel]! -= skip;
      body = body.subarray(skip);
      if (channel === DATA && this.prefix[DATA] === 0) this.checkPort();
    }
    if (body.length === 0) return undefined;
    if (channel === DATA) return body;
    if (this.errorSize < MAX_ERROR_BYTES) {
      const kept = body.subarray(0, MAX_ERROR_BYTES - this.errorSize);
      this.errorBytes.push(kept);
      this.errorSize += kept.length;
    }
    return undefined;
  }

  /** What the server reported on the error channel, or a protocol problem; undefined when all went well. */
  error(): string | undefined {
    const text = Buffer.concat(this.errorBytes).toString('utf8').trim();
    return text || this.problem;
  }

  /** One chunk of the local connection's bytes as a message to the pod. */
  static outgoing(data: Buffer): Buffer {
    const frame = Buffer.allocUnsafe(data.length + 1);
    frame[0] = DATA;
    data.copy(frame, 1);
    return frame;
  }

  private checkPort(): void {
    const got = this.prefixBytes[0]! | (this.prefixBytes[1]! << 8);
    if (got !== this.port) this.problem ??= `the server answered for port ${got}, not ${this.port}`;
  }
}
