/**
 * Short image names (`pytorch/pytorch:1.4`) versus fully qualified ones (`docker.io/pytorch/pytorch:1.4`).
 * The first part of a name is a registry when it has a `.` or `:`, or is `localhost`; otherwise docker
 * reads it as docker.io, and buildah/podman need an unqualified-search registry (or refuse it).
 */

/** The fully qualified name docker would use for a short name; undefined when the name is qualified (or not a name). */
export function qualifiedImageName(name: string): string | undefined {
  if (!name || name === 'scratch' || name.includes('$') || name.length > 1024) return undefined;
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  if (first && (first.includes('.') || first.includes(':') || first === 'localhost')) return undefined;
  return slash < 0 ? `docker.io/library/${name}` : `docker.io/${name}`;
}
