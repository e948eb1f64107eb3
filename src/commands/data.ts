/** The data commands: Warm Up Cache and Check Data Readiness. */
import type { CommandTable } from '../platform/commands';
import type { DataDeps } from './data/deps';
import { checkReadiness } from './data/readiness';
import { warmUpCache } from './data/warm-up';

export type { DataDeps } from './data/deps';

export function dataCommands(deps: DataDeps): CommandTable {
  return {
    'alluxioDl.warmUpCache': { run: (t) => warmUpCache(deps, t) },
    'alluxioDl.dataReadiness': { run: (t) => checkReadiness(deps, t) },
  };
}
