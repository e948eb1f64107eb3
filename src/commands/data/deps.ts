/** What the data commands need: the apply commands' deps, the data events, and a way to run a fix. */
import type { WarmUpMethod } from '../../core/data/alluxio-load';
import type { CacheState } from '../../core/data/cache-state';
import type { Check, Verdict } from '../../core/data/readiness';
import type { ApplyDeps } from '../apply/deps';
import type { DataEvents } from './events';

export interface DataDeps extends ApplyDeps {
  events: Pick<DataEvents, 'fireWarmUp'>;
  /** The YAML file open in the editor, offered first when Check Data Readiness is run from the palette. */
  activeJobFile?(): string | undefined;
}

/** What a data command resolves with, for callers and tests. */
export interface DataOutcome {
  ok: boolean;
  outcome: string;
  message?: string;
  /** warm-up */
  method?: WarmUpMethod;
  path?: string;
  before?: CacheState;
  after?: CacheState;
  /** pids of the commands the warm-up ran in the master pod */
  pids?: number[];
  /** readiness */
  checks?: Check[];
  verdict?: Verdict;
  /** the fix the user chose (a command id) */
  fix?: string;
}

export function ended(ok: boolean, outcome: string, message?: string, details: Partial<DataOutcome> = {}): DataOutcome {
  return { ok, outcome, message, ...details };
}
