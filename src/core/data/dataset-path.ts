/**
 * Which Alluxio path the "Dataset cache" node measures: the setting when given; else the one mount
 * point other than `/` (as in Alluxio's PyTorch-on-HDFS guide, the HDFS data folder the training job
 * reads through FUSE); with several, the first by path; else `/`. No vscode import.
 */
import type { AlluxioMount } from './alluxio-rest';

export function datasetPathOf(setting: string, mounts: readonly AlluxioMount[] | undefined): string {
  const given = setting.trim();
  if (given) return given.startsWith('/') ? given : `/${given}`;
  const others = (mounts ?? [])
    .map((m) => m.alluxioPath)
    .filter((p) => p !== '/' && p !== '')
    .sort();
  return others[0] ?? '/';
}
