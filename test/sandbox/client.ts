// Minimal HTTPS access to the sandbox's apiserver (readiness checks, small reads) and a runner for the
// real kubectl/helm binaries. Tests that want a full client use kubectl or @kubernetes/client-node.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';

export interface HttpResult {
  status: number;
  body: string;
}

export class Api {
  private readonly agent: https.Agent;
  constructor(
    readonly server: string,
    ca: string,
    cert: string,
    key: string,
  ) {
    this.agent = new https.Agent({
      ca: fs.readFileSync(ca),
      cert: fs.readFileSync(cert),
      key: fs.readFileSync(key),
      keepAlive: true,
    });
  }

  request(
    method: string,
    urlPath: string,
    body?: unknown,
    contentType = 'application/json',
    timeoutMs = 10_000,
  ): Promise<HttpResult> {
    return new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      const req = https.request(
        new URL(urlPath, this.server),
        {
          method,
          agent: this.agent,
          timeout: timeoutMs,
          headers: data ? { 'content-type': contentType, 'content-length': Buffer.byteLength(data) } : {},
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${urlPath} timed out`)));
      req.on('error', reject);
      if (data) req.write(data);
      req.end();
    });
  }

  async json<T = any>(method: string, urlPath: string, body?: unknown, contentType?: string): Promise<T> {
    const r = await this.request(method, urlPath, body, contentType);
    if (r.status < 200 || r.status >= 300)
      throw new Error(`${method} ${urlPath}: HTTP ${r.status} ${r.body.slice(0, 300)}`);
    return JSON.parse(r.body) as T;
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a binary with arg arrays (no shell); never throws on non-zero exit. */
export function runTool(
  bin: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  input?: string,
  timeoutMs = 120_000,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

/** runTool that throws with the command and its stderr on failure. */
export async function mustRun(
  bin: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  input?: string,
  timeoutMs?: number,
): Promise<string> {
  const r = await runTool(bin, args, env, input, timeoutMs);
  if (r.code !== 0)
    throw new Error(
      `${bin.split('/').pop()} ${args.join(' ')} failed (exit ${r.code}): ${r.stderr.trim() || r.stdout.trim()}`,
    );
  return r.stdout;
}
