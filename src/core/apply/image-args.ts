/** Image builder command lines: docker and podman `build`, buildah `bud`; push. */

export type Builder = 'docker' | 'podman' | 'buildah';
export const BUILDERS: readonly Builder[] = ['docker', 'podman', 'buildah'];

export interface BuildRequest {
  contextDir: string;
  dockerfile: string;
  tag: string;
}

/** docker/OCI image reference: [registry[:port]/]path[:tag][@digest], lower-case path. */
export function checkImageTag(tag: string): string | undefined {
  if (!tag) return 'An image tag is required (e.g. registry.example.com/team/mnist:pytorch-1.4).';
  const re =
    /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
  return re.test(tag)
    ? undefined
    : `"${tag}" is not a valid image reference (lower-case name, optional registry and :tag).`;
}

export function buildArgs(builder: Builder, r: BuildRequest): string[] {
  const verb = builder === 'buildah' ? 'bud' : 'build';
  return [verb, `--file=${r.dockerfile}`, `--tag=${r.tag}`, '--', r.contextDir];
}

export function pushArgs(_builder: Builder, tag: string): string[] {
  return ['push', '--', tag];
}
