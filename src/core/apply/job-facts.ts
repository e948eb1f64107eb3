/** What the checks before a training job read from its object: selector, GPUs, replicas, data folder. */
import type { KubeObject } from '../model/kinds';
import { GPU_RESOURCE } from './presubmit';

/** What the checks need, read from a job object (form-made or from a file). */
export function jobFacts(job: KubeObject): {
  selector: Record<string, string>;
  gpusPerReplica: number;
  replicas: number;
  dataHostPath?: string;
  /** the PersistentVolumeClaim the job mounts (a Fluid dataset's PVC has the Dataset's name) */
  dataClaim?: string;
} {
  const specs: Record<string, any> = job.spec?.tfReplicaSpecs ?? job.spec?.pytorchReplicaSpecs ?? {};
  let replicas = 0;
  let gpusPerReplica = 0;
  let selector: Record<string, string> = {};
  let dataHostPath: string | undefined;
  let dataClaim: string | undefined;
  // A job has a handful of replica types (PS, Worker, Chief, Master, Evaluator): a bound, not a limit.
  for (const s of Object.values(specs).slice(0, 16)) {
    replicas += Number(s?.replicas ?? 1);
    const pod = s?.template?.spec ?? {};
    if (pod.nodeSelector && !Object.keys(selector).length) selector = pod.nodeSelector;
    for (const c of pod.containers ?? [])
      gpusPerReplica = Math.max(gpusPerReplica, Number(c?.resources?.limits?.[GPU_RESOURCE] ?? 0));
    const volumes: any[] = Array.isArray(pod.volumes) ? pod.volumes.slice(0, 64) : [];
    dataHostPath ??= volumes.find((v) => v?.hostPath?.path)?.hostPath?.path;
    dataClaim ??= volumes.find((v) => v?.persistentVolumeClaim?.claimName)?.persistentVolumeClaim?.claimName;
  }
  return { selector, gpusPerReplica, replicas, dataHostPath, ...(dataClaim ? { dataClaim } : {}) };
}
