/** The data commands: Warm Up Cache, Check Data Readiness, and Download…/Delete… on HDFS files. */
import type { CommandTable } from '../platform/commands';
import type { DataDeps } from './data/deps';
import { hdfsFileCommands, type DataCommandDeps } from './data/hdfs-files';
import { checkReadiness } from './data/readiness';
import { warmUpCache } from './data/warm-up';

export type { DataDeps } from './data/deps';

export function dataCommands(deps: DataDeps & DataCommandDeps): CommandTable {
  return {
    ...hdfsFileCommands(deps),
    'alluxioDl.warmUpCache': { run: (t) => warmUpCache(deps, t) },
    'alluxioDl.dataReadiness': { run: (t) => checkReadiness(deps, t) },
  };
}
