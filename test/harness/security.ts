/**
 * Security checks around an editor test run (plain Node, Linux /proc):
 *  - secrets: every credential the sandbox handed out (client keys and tokens of its kubeconfigs, the
 *    private keys of its PKI, the values of Secrets the tests created, listed in `${dir}/secrets/`) is
 *    searched for in every file code-server wrote under its logs folder (the extension's log, every
 *    output channel, the extension host's log) and in the test output;
 *  - listeners: while the tests run, every listening TCP socket of the code-server process tree (the
 *    extension host and what it spawns: helm, kubectl, port-forwards) and of the sandbox's process
 *    groups must be bound to a loopback address.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { load } from 'js-yaml';

const MAX_FILE = 64 * 1024 * 1024;
const MAX_FILES = 20_000;

/** The strings that must never be written anywhere: each secret whole, and each line of a PEM body. */
export function sandboxSecrets(sandboxDir: string): string[] {
  const out = new Set<string>();
  const addPem = (pem: string) => {
    for (const line of pem.split('\n')) if (/^[A-Za-z0-9+/=]{40,}$/.test(line.trim())) out.add(line.trim());
  };
  for (const f of ['kubeconfig', 'kubeconfig-restricted']) {
    const file = path.join(sandboxDir, f);
    if (!fs.existsSync(file)) continue;
    const kc = load(fs.readFileSync(file, 'utf8')) as { users?: { user?: Record<string, string> }[] };
    for (const u of kc.users ?? []) {
      for (const key of ['client-key-data', 'token', 'password']) {
        const v = u.user?.[key];
        if (!v) continue;
        out.add(v);
        if (key === 'client-key-data') addPem(Buffer.from(v, 'base64').toString('utf8'));
      }
      if (u.user?.['client-key']) addPem(fs.readFileSync(u.user['client-key'], 'utf8'));
    }
  }
  const pki = path.join(sandboxDir, 'pki');
  if (fs.existsSync(pki))
    for (const f of fs.readdirSync(pki)) if (f.endsWith('.key')) addPem(fs.readFileSync(path.join(pki, f), 'utf8'));
  const secrets = path.join(sandboxDir, 'secrets');
  if (fs.existsSync(secrets))
    for (const f of fs.readdirSync(secrets)) {
      const v = fs.readFileSync(path.join(secrets, f), 'utf8').trim();
      if (v.length >= 8) out.add(v);
    }
  return [...out].filter((s) => s.length >= 8);
}

export interface SecretScan {
  files: number;
  bytes: number;
  /** "file: which secret (first characters)" */
  hits: string[];
}

/** Searches every file under the roots (bounded in count and size) and the extra texts for the secrets. */
export function scanForSecrets(
  roots: string[],
  texts: { name: string; text: string }[],
  secrets: string[],
): SecretScan {
  const scan: SecretScan = { files: 0, bytes: 0, hits: [] };
  const check = (name: string, text: string) => {
    for (const s of secrets) if (text.includes(s)) scan.hits.push(`${name}: ${s.slice(0, 6)}… (${s.length} chars)`);
  };
  const file = (p: string) => {
    if (scan.files >= MAX_FILES) return;
    const size = fs.statSync(p).size;
    if (size > MAX_FILE) return void scan.hits.push(`${p}: too big to scan (${size} bytes)`);
    scan.files++;
    scan.bytes += size;
    check(p, fs.readFileSync(p, 'latin1'));
  };
  const walk = (p: string) => {
    if (!fs.statSync(p).isDirectory()) return file(p);
    for (const e of fs.readdirSync(p, { withFileTypes: true }))
      if (e.isDirectory() || e.isFile()) walk(path.join(p, e.name));
  };
  for (const r of roots) if (fs.existsSync(r)) walk(r);
  for (const t of texts) check(t.name, t.text);
  return scan;
}

interface Socket {
  address: string;
  port: number;
  inode: string;
}

/** LISTEN sockets of the machine (tcp and tcp6) by inode. */
function listeningSockets(): Map<string, Socket> {
  const out = new Map<string, Socket>();
  for (const [file, v6] of [
    ['/proc/net/tcp', false],
    ['/proc/net/tcp6', true],
  ] as const) {
    if (!fs.existsSync(file)) continue;
    for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== '0A') continue; // 0A = LISTEN
      const [hex, port] = f[1].split(':');
      out.set(f[9], { address: decodeAddress(hex, v6), port: parseInt(port, 16), inode: f[9] });
    }
  }
  return out;
}

function decodeAddress(hex: string, v6: boolean): string {
  if (!v6) {
    return [3, 2, 1, 0].map((i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16)).join('.');
  }
  // Four little-endian 32-bit words.
  const words = [0, 1, 2, 3].map((w) =>
    hex
      .slice(w * 8, w * 8 + 8)
      .match(/../g)!
      .reverse()
      .join(''),
  );
  const full = words.join('').toLowerCase();
  if (full === '00000000000000000000000000000001') return '::1';
  if (full.startsWith('00000000000000000000ffff'))
    return `::ffff:${[0, 1, 2, 3].map((i) => parseInt(full.slice(24 + i * 2, 26 + i * 2), 16)).join('.')}`;
  return full.match(/..../g)!.join(':');
}

export function isLoopback(address: string): boolean {
  return /^127\./.test(address) || address === '::1' || /^::ffff:127\./.test(address);
}

function stat(pid: string): { ppid: number; pgid: number; comm: string } | undefined {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), pgid: Number(f[2]), comm: s.slice(s.indexOf('(') + 1, s.lastIndexOf(')')) };
  } catch {
    return undefined;
  }
}

/** Processes that are `root` or its descendants, or in one of the process groups. */
function processesOf(roots: number[], groups: number[]): Map<number, string> {
  const all = new Map<number, { ppid: number; pgid: number; comm: string }>();
  for (const d of fs.readdirSync('/proc'))
    if (/^\d+$/.test(d)) {
      const s = stat(d);
      if (s) all.set(Number(d), s);
    }
  const mine = new Map<number, string>();
  for (const [pid, s] of all) if (roots.includes(pid) || groups.includes(s.pgid)) mine.set(pid, s.comm);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, s] of all)
      if (!mine.has(pid) && mine.has(s.ppid)) {
        mine.set(pid, s.comm);
        grew = true;
      }
  }
  return mine;
}

export interface ListenerFinding {
  pid: number;
  comm: string;
  address: string;
  port: number;
}

/**
 * Samples the listening sockets of the processes every `everyMs` until stopped; returns what was bound
 * to a non-loopback address, and how many samples and loopback listeners were seen.
 */
export function watchListeners(
  roots: () => number[],
  groups: () => number[],
  everyMs = 3000,
): { stop(): { samples: number; loopback: number; nonLoopback: ListenerFinding[] } } {
  const bad = new Map<string, ListenerFinding>();
  const loopback = new Set<string>();
  let samples = 0;
  const sample = () => {
    samples++;
    const sockets = listeningSockets();
    for (const [pid, comm] of processesOf(roots(), groups())) {
      let fds: string[] = [];
      try {
        fds = fs.readdirSync(`/proc/${pid}/fd`);
      } catch {
        continue;
      }
      for (const fd of fds) {
        let link = '';
        try {
          link = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
        } catch {
          continue;
        }
        const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
        const s = inode ? sockets.get(inode) : undefined;
        if (!s) continue;
        const key = `${comm}@${s.address}:${s.port}`;
        if (isLoopback(s.address)) loopback.add(key);
        else bad.set(key, { pid, comm, address: s.address, port: s.port });
      }
    }
  };
  const timer = setInterval(sample, everyMs);
  sample();
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return { samples, loopback: loopback.size, nonLoopback: [...bad.values()] };
    },
  };
}

/** Process groups of the sandbox's components (the file its start writes). */
export function sandboxGroups(sandboxDir: string): number[] {
  try {
    return fs
      .readFileSync(path.join(sandboxDir, 'pgids'), 'utf8')
      .split('\n')
      .map(Number)
      .filter((n) => n > 0);
  } catch {
    return [];
  }
}

/**
 * The training-operator v1.8.1 binds its (never called) webhook server to all addresses and has no flag
 * for the host (see test/sandbox/README.md): reported, not failed, until the sandbox can confine it.
 */
const KNOWN_NON_LOOPBACK = /^training-operat/;

/** Prints the verdicts of both checks; returns how many passed and failed. */
export function securityVerdict(
  scan: SecretScan,
  secrets: number,
  listeners: { samples: number; loopback: number; nonLoopback: ListenerFinding[] },
): { passed: number; failed: number } {
  let passed = 0;
  let failed = 0;
  if (scan.hits.length === 0 && secrets > 0) {
    passed++;
    console.log(
      `  ✔ security: none of ${secrets} sandbox secrets in ${scan.files} log and output files (${(scan.bytes / 1024 / 1024).toFixed(1)} MB) or the test output`,
    );
  } else {
    failed++;
    console.log(
      `  ✖ security: ${secrets === 0 ? 'no secrets to look for (the sandbox folder is gone?)' : `secrets written:\n    ${scan.hits.join('\n    ')}`}`,
    );
  }
  const known = listeners.nonLoopback.filter((l) => KNOWN_NON_LOOPBACK.test(l.comm));
  const bad = listeners.nonLoopback.filter((l) => !KNOWN_NON_LOOPBACK.test(l.comm));
  const list = (ls: ListenerFinding[]) =>
    ls.map((l) => `${l.comm} (pid ${l.pid}) on ${l.address}:${l.port}`).join(', ');
  if (bad.length === 0 && listeners.loopback > 0) {
    passed++;
    console.log(
      `  ✔ security: ${listeners.samples} samples, ${listeners.loopback} listeners of the editor and the sandbox, all on loopback${known.length ? ` (known exception: ${list(known)})` : ''}`,
    );
  } else {
    failed++;
    console.log(
      `  ✖ security: ${bad.length ? `listening on a non-loopback address: ${list(bad)}` : 'no listener seen at all (the check saw nothing)'}`,
    );
  }
  return { passed, failed };
}

/** Stand-ins for every tool a command may run: each records its call in `log` and fails. */
export function spyTools(dir: string, log: string): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const tool of ['helm', 'kubectl', 'docker', 'podman', 'buildah', 'arena'])
    fs.writeFileSync(path.join(dir, tool), `#!/bin/sh\necho "${tool} $*" >> '${log}'\nexit 1\n`, { mode: 0o755 });
}
