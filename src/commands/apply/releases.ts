/** Release History, Rollback and Uninstall (modal confirmation) for Helm releases. */
import { optionsOf, releaseOf, type CommandTarget } from '../../core/command-target';
import type { HelmRevision, ReleaseRef } from '../../core/apply/helm-args';
import { Helm } from '../../tools/helm';
import { done, stopped, type ApplyDeps, type ApplyOutcome } from './deps';
import { explainHelmFailure, helmOrExplain } from './helm-tool';

export interface ReleaseArgs {
  release?: string;
  namespace?: string;
  /** Rollback: the revision to go back to. */
  revision?: number;
}

/** The release of an explorer release item, or named by our arguments. */
export function releaseFromTarget(target: CommandTarget): ReleaseArgs {
  return releaseOf(target) ?? optionsOf<ReleaseArgs>(target);
}

async function pickRelease(
  deps: ApplyDeps,
  helm: Helm,
  args: ReleaseArgs,
  title: string,
): Promise<ReleaseRef | undefined> {
  const t = deps.cluster();
  if (args.release)
    return {
      release: args.release,
      namespace: args.namespace || t.namespace || 'default',
      kubeconfig: t.kubeconfig,
      kubeContext: t.kubeContext,
    };
  const rows = await helm.list(t);
  if (!rows.length) {
    void deps.prompter.info('No Helm release found in this cluster.');
    return undefined;
  }
  const pick = await deps.prompter.pickOne(
    rows.map((r) => ({ label: r.name, description: `${r.namespace} · ${r.chart} · ${r.status}`, value: r })),
    { title },
  );
  return (
    pick && { release: pick.name, namespace: pick.namespace, kubeconfig: t.kubeconfig, kubeContext: t.kubeContext }
  );
}

function revisionItem(r: HelmRevision) {
  return {
    label: `Revision ${r.revision}`,
    description: `${r.status} · ${r.chart}`,
    detail: `${r.updated} — ${r.description}`,
    value: r,
  };
}

async function withRelease(
  deps: ApplyDeps,
  target: CommandTarget,
  title: string,
  body: (helm: Helm, ref: ReleaseRef, args: ReleaseArgs) => Promise<ApplyOutcome>,
): Promise<ApplyOutcome> {
  const helm = await helmOrExplain(deps);
  if (!(helm instanceof Helm)) return helm;
  const args = releaseFromTarget(target);
  try {
    const ref = await pickRelease(deps, helm, args, title);
    if (!ref) return stopped('declined');
    return await body(helm, ref, args);
  } catch (e) {
    return explainHelmFailure(deps, e, `${title} cancelled.`);
  }
}

export function releaseHistory(deps: ApplyDeps, target: CommandTarget): Promise<ApplyOutcome> {
  return withRelease(deps, target, 'Release History', async (helm, ref) => {
    const history = await helm.history(ref);
    const pick = await deps.prompter.pickOne(
      history
        .slice()
        .reverse()
        .map((r) => ({ ...revisionItem(r), value: r.status === 'deployed' ? undefined : r })),
      { title: `History of ${ref.release} in ${ref.namespace} (pick a revision to roll back to)` },
    );
    if (pick) return rollbackTo(deps, helm, ref, pick.revision);
    return done('history', undefined, { history });
  });
}

export function rollbackRelease(deps: ApplyDeps, target: CommandTarget): Promise<ApplyOutcome> {
  return withRelease(deps, target, 'Rollback Release', async (helm, ref, args) => {
    let revision = args.revision;
    if (revision === undefined) {
      const history = await helm.history(ref);
      const older = history.filter((r) => r.status !== 'deployed').reverse();
      if (!older.length) {
        void deps.prompter.info(`${ref.release} has no earlier revision to roll back to.`);
        return stopped('noRevision');
      }
      revision = (await deps.prompter.pickOne(older.map(revisionItem), { title: `Roll ${ref.release} back to` }))
        ?.revision;
      if (revision === undefined) return stopped('declined');
    }
    return rollbackTo(deps, helm, ref, revision);
  });
}

async function rollbackTo(deps: ApplyDeps, helm: Helm, ref: ReleaseRef, revision: number): Promise<ApplyOutcome> {
  const ROLL = 'Roll Back';
  const ok = await deps.prompter.warn(
    `Roll ${ref.release} in ${ref.namespace} back to revision ${revision}?`,
    { modal: true, detail: "helm rollback makes a new revision with that revision's chart and values." },
    ROLL,
  );
  if (ok !== ROLL) return stopped('declined');
  await deps.prompter.progress(`Rolling back ${ref.release}`, (_r, signal) => helm.rollback(ref, revision, signal));
  const message = `Rolled ${ref.release} in ${ref.namespace} back to revision ${revision}.`;
  void deps.prompter.info(message);
  return done('rolledBack', message, { revision });
}

export function uninstallRelease(deps: ApplyDeps, target: CommandTarget): Promise<ApplyOutcome> {
  return withRelease(deps, target, 'Uninstall Release', async (helm, ref) => {
    const UNINSTALL = 'Uninstall';
    const ok = await deps.prompter.warn(
      `Uninstall ${ref.release} from ${ref.namespace}?`,
      {
        modal: true,
        detail:
          'helm uninstall deletes every object of the release and its history. Data on hostPath volumes stays on the nodes.',
      },
      UNINSTALL,
    );
    if (ok !== UNINSTALL) return stopped('declined');
    await deps.prompter.progress(`Uninstalling ${ref.release}`, (_r, signal) => helm.uninstall(ref, signal));
    const message = `Uninstalled ${ref.release} from ${ref.namespace}.`;
    void deps.prompter.info(message);
    return done('uninstalled', message);
  });
}
