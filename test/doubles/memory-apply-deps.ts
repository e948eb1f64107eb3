/**
 * ApplyDeps over our own in-memory parts (MemoryClusterClient, ScriptedPrompter, MemoryStore) for the
 * unit tests of the apply, data and Fluid commands; each test overrides what it looks at.
 */
import type { ApplyDeps } from '../../src/commands/apply/deps';
import { RecentAnswers } from '../../src/commands/recent-answers';
import { readSettings } from '../../src/core/settings';
import { MemoryClusterClient } from './memory-cluster-client';
import { MemoryStore } from './memory-store';
import { applyOutputs, ScriptedPrompter } from './scripted-prompter';

export interface MemoryApplyDeps {
  deps: ApplyDeps;
  cluster: MemoryClusterClient;
  prompter: ScriptedPrompter;
  store: MemoryStore;
  outputs: ReturnType<typeof applyOutputs>;
}

export function memoryApplyDeps(overrides: Partial<ApplyDeps> = {}, namespace = 'default'): MemoryApplyDeps {
  const cluster = new MemoryClusterClient();
  const prompter = new ScriptedPrompter();
  const store = new MemoryStore();
  const outputs = applyOutputs();
  const deps: ApplyDeps = {
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    settings: () => readSettings(() => undefined),
    saveSetting: async () => undefined,
    postRendererScript: () => '',
    prompter,
    client: async () => cluster,
    cluster: () => ({ namespace }),
    outputs,
    workspaceDir: () => undefined,
    schemas: () => {
      throw new Error('no schemas in this test');
    },
    env: () => process.env,
    openEditors: () => [],
    saveFile: async () => false,
    recent: new RecentAnswers(store),
    explorerNamespace: () => namespace,
    showNamespace: async () => undefined,
    ...overrides,
  };
  return { deps, cluster, prompter, store, outputs };
}
