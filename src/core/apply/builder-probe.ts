/**
 * Whether an image builder works, and what a failed build's output means. A builder on PATH is not
 * necessarily one that builds: the docker CLI without a reachable daemon fails every build, so `auto`
 * asks each candidate a cheap question first (`docker info`, `podman info`, `buildah --version`).
 */
import type { Builder } from './image-args';

/** The cheap command that succeeds only when the builder can build. */
export function probeArgs(builder: Builder): string[] {
  switch (builder) {
    case 'docker':
      // Talks to the daemon: exits non-zero when it cannot be reached.
      return ['info', '--format', '{{.ServerVersion}}'];
    case 'podman':
      return ['info', '--format', '{{.Host.OCIRuntime.Name}}'];
    case 'buildah':
      return ['--version'];
  }
}

/** One candidate's probe: found at `binary`, and why it does not build (undefined: it works). */
export interface ProbeResult {
  builder: Builder;
  binary?: string;
  problem?: string;
}

/** The reason a probe failed, in one line: the last meaningful line of its output, clipped. */
export function probeProblem(
  builder: Builder,
  r: { code: number | null; stderr: string; stdout: string; timedOut: boolean },
  timeoutMs: number,
): string | undefined {
  if (r.timedOut) return `\`${builder} ${probeArgs(builder)[0]}\` did not answer within ${timeoutMs / 1000} s`;
  if (r.code === 0) return undefined;
  const lines = `${r.stderr}\n${r.stdout}`
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const daemon = lines.find((l) => /daemon|docker\.sock|connect/i.test(l));
  const last = (daemon ?? lines[lines.length - 1] ?? `exit code ${r.code}`).slice(0, 300);
  if (builder === 'docker' && daemon) return `the docker CLI is installed but its daemon is not reachable (${last})`;
  return `\`${builder} ${probeArgs(builder)[0]}\` failed: ${last}`;
}

/** Why no builder can be used, naming each one tried and the setting that picks another. */
export function noBuilderMessage(setting: 'auto' | Builder, tried: ProbeResult[]): string {
  const others = (['docker', 'podman', 'buildah'] as const).filter((b) => b !== setting);
  if (setting !== 'auto') {
    const t = tried[0];
    const why = !t?.binary ? `${setting} was not found on PATH` : `${setting} cannot build: ${t.problem}`;
    return `${why}. Install or start it, or set alluxioDl.imageBuilder to ${others.join(', ')} (or auto, which tries each).`;
  }
  const found = tried.filter((t) => t.binary);
  if (!found.length)
    return 'None of docker, podman or buildah was found on PATH. Install one (podman or buildah need no daemon), or set alluxioDl.imageBuilder to the one you have.';
  const reasons = tried.map((t) => (t.binary ? `${t.builder}: ${t.problem}` : `${t.builder}: not on PATH`));
  return `No image builder works: ${reasons.join('; ')}. Start one (e.g. the docker daemon), install podman or buildah, or set alluxioDl.imageBuilder to choose one.`;
}

export type BuildFailureKind = 'network' | 'shortName';

export interface BuildFailure {
  kind: BuildFailureKind;
  /** The builder's line that says so. */
  line: string;
  /** The image it was pulling, when the line names it. */
  image?: string;
}

const NETWORK = [
  /no such host/i,
  /temporary failure in name resolution/i,
  /server misbehaving/i,
  /could not resolve host/i,
  /network is unreachable/i,
  /dial tcp[^\n]*(?:connection refused|i\/o timeout|connect: )/i,
  /TLS handshake timeout/i,
  /(?:lookup|dial) [^\s]+ on [\d.:[\]a-f]+: /i,
];
const SHORT_NAME = [
  /short-name .*did not resolve/i,
  /short-name resolution enforced/i,
  /unqualified-search registries/i,
];

/**
 * What the builder's output says went wrong, when it is something the user can act on: the network
 * (a pull that cannot resolve or reach the registry) or an unqualified image name that buildah/podman
 * refuse. Looks at a bounded tail of the output.
 */
export function classifyBuildFailure(output: string): BuildFailure | undefined {
  const lines = output.slice(-64 * 1024).split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i].trim();
    if (!line) continue;
    const kind: BuildFailureKind | undefined = SHORT_NAME.some((r) => r.test(line))
      ? 'shortName'
      : NETWORK.some((r) => r.test(line))
        ? 'network'
        : undefined;
    if (!kind) continue;
    const image =
      /(?:short-name "|source docker:\/\/|source metadata for |pulling image ")([^\s"]+?)(?=["\s]|: |$)/i.exec(
        line,
      )?.[1];
    return { kind, line: line.slice(0, 400), image };
  }
  return undefined;
}

/** The message for a classified failure: what happened and what to do. */
export function explainBuildFailure(builder: Builder, f: BuildFailure): string {
  if (f.kind === 'shortName')
    return `${builder} refused the unqualified image name${f.image ? ` ${f.image}` : ''}: no unqualified-search registries are configured. Write the full name in FROM (e.g. docker.io/pytorch/pytorch:…; the Dockerfile check offers this as a quick fix). ${builder} said: ${f.line}`;
  return `The build needs the network to pull${f.image ? ` ${f.image}` : ' its base image'} and could not reach the registry: ${f.line}. Connect to the network (or a registry mirror), or build from a base image that is already local.`;
}
