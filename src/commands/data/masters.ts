/**
 * Which Alluxio release a data command works on: the one its target names, the only one, or the
 * user's pick; and the path a training job reads through FUSE (the default for Warm Up).
 */
import { findAlluxioMasters, type AlluxioMasterRef } from '../../core/data/readiness-input';
import { alluxioPathOfHostPath } from '../../core/data/warm-up';
import { DEFAULT_FUSE_MOUNT, fuseMountPath } from '../../core/apply/presubmit';
import type { KubeObject } from '../../core/model/kinds';
import type { ClusterClient } from '../../k8s/cluster-client';
import type { Prompter } from '../../platform/prompter';
import { jobFacts } from '../../core/apply/job-facts';

export type { AlluxioMasterRef };

export interface ReleaseChoice {
  release?: string;
  namespace?: string;
}

/** The master of the named release, or the only one, or the one picked; a string says why there is none. */
export async function chooseMaster(
  client: ClusterClient,
  prompter: Prompter,
  want: ReleaseChoice,
  title: string,
): Promise<AlluxioMasterRef | string | undefined> {
  const masters = findAlluxioMasters((await client.list('pods', want.namespace ?? '')).items);
  const matching = masters.filter((m) => !want.release || m.release === want.release);
  if (!matching.length) {
    const named = want.release ? `of release ${want.release}${want.namespace ? ` in ${want.namespace}` : ''} ` : '';
    return `No Alluxio master pod ${named}was found (label role=alluxio-master): install Alluxio with "Alluxio DL: Install Alluxio", or check that its master pod exists.`;
  }
  if (matching.length === 1) return matching[0];
  return prompter.pickOne(
    matching.map((m) => ({
      label: m.release,
      description: `${m.namespace} · ${m.pod}${m.running ? '' : ' (not Running)'}`,
      value: m,
    })),
    { title, placeHolder: 'Alluxio release' },
  );
}

/** A master that is not Running cannot take an exec: say so, with what to do. */
export function notRunning(m: AlluxioMasterRef): string | undefined {
  return m.running
    ? undefined
    : `The Alluxio master ${m.namespace}/${m.pod} is not Running: see its events (Describe in the explorer) and try again when it is.`;
}

/** Lists a kind, or nothing when it cannot (the CRD is missing, the user may not list it). */
export async function listOrNone(client: ClusterClient, kind: 'tfjobs' | 'pytorchjobs' | 'daemonsets', ns: string) {
  try {
    return (await client.list(kind, ns)).items;
  } catch {
    return [] as KubeObject[];
  }
}

/**
 * The Alluxio path the training jobs of a namespace read: the first job whose data volume lies under
 * the FUSE mount (`/alluxio-fuse/data` → `/data`). Undefined when no job mounts one.
 */
export async function jobDataPath(client: ClusterClient, namespace: string): Promise<string | undefined> {
  const [tf, pt, ds] = await Promise.all([
    listOrNone(client, 'tfjobs', namespace),
    listOrNone(client, 'pytorchjobs', namespace),
    listOrNone(client, 'daemonsets', namespace),
  ]);
  const mount = fuseMountPath(ds) ?? DEFAULT_FUSE_MOUNT;
  for (const job of [...tf, ...pt].slice(0, 10_000)) {
    const host = jobFacts(job).dataHostPath;
    const at = host ? alluxioPathOfHostPath(host, mount) : undefined;
    if (at) return at;
  }
  return undefined;
}
