/** What the user reads before confirming an install or upgrade, and the words on its button. */
import { hooksNotRun, type RenderedRelease } from '../../core/apply/helm-args';
import { diffManifests, formatDiff, parseManifest, type ManifestDiff } from '../../core/apply/manifest-diff';
import { formatRepairs, type Repair } from '../../core/apply/repairs';

export interface Preview {
  deployed?: string;
  deployedHooks: string;
  next: RenderedRelease;
  /** Repairs the install would make through the shipped post-renderer (empty: none needed). */
  repairs: Repair[];
}

/** The changes in hooks that this upgrade will not run (their old version stays in the cluster). */
function stuckHookDiff(p: Preview, namespace: string): ManifestDiff | undefined {
  if (p.deployed === undefined) return undefined;
  const skipped = hooksNotRun(p.next.hooks, true);
  if (!skipped.length) return undefined;
  const d = diffManifests(p.deployedHooks, skipped.map((h) => h.manifest).join('\n---\n'), namespace);
  return d.changed.length ? { ...d, added: [], removed: [], unchanged: 0 } : undefined;
}

export interface StuckValue {
  key: string;
  /** The value that stays in the cluster. */
  before: string;
  after: string;
}

const MAX_TOKENS = 2000;

function javaProps(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/-D([\w.-]+)=(\S*)/g)) {
    if (out.size >= MAX_TOKENS) break;
    out.set(m[1], m[2]);
  }
  return out;
}

/**
 * Values (Java `-Dkey=value` options in a hook's strings, as in the Alluxio 2.2 chart's config ConfigMap)
 * that the new values change but that stay as they are because their hook does not run on upgrade.
 */
export function stuckValues(p: Preview, namespace: string): StuckValue[] {
  const d = stuckHookDiff(p, namespace);
  if (!d) return [];
  const out: StuckValue[] = [];
  for (const c of d.changed)
    for (const f of c.fields) {
      if (typeof f.before !== 'string' || typeof f.after !== 'string') continue;
      const before = javaProps(f.before);
      for (const [key, after] of javaProps(f.after)) {
        const old = before.get(key);
        if (old !== undefined && old !== after && !out.some((s) => s.key === key))
          out.push({ key, before: old, after });
      }
    }
  return out;
}

/** `alluxio.worker.tieredstore.level0.dirs.quota` → `quota`; other keys keep their last two parts. */
function shortKey(key: string): string {
  if (/\.quota$/.test(key)) return 'quota';
  return key.split('.').slice(-2).join('.');
}

/** The confirm button: Install / Upgrade, "with repairs", or "Upgrade anyway — quota stays 20GB". */
export function confirmLabel(upgrade: boolean, p: Preview, namespace: string): string {
  const verb = upgrade ? 'Upgrade' : 'Install';
  const stuck = upgrade ? stuckValues(p, namespace) : [];
  if (stuck.length) {
    const s = stuck[0];
    return `${verb} anyway — ${shortKey(s.key)} stays ${s.before}${stuck.length > 1 ? ` (+${stuck.length - 1} more)` : ''}`;
  }
  if (upgrade && stuckHookDiff(p, namespace)) return `${verb} anyway — hook changes not applied`;
  return p.repairs.length ? `${verb} with repairs` : verb;
}

/** Object changes, repairs, and hook changes this apply won't make. */
export function previewSummary(p: Preview, namespace: string): string {
  const upgrade = p.deployed !== undefined;
  const parts: string[] = [];
  if (upgrade) parts.push(formatDiff(diffManifests(p.deployed!, p.next.manifest, namespace)));
  else parts.push(`# ${parseManifest(p.next.manifest, namespace).length} objects to create\n`);
  if (p.repairs.length)
    parts.push(
      `# Repairs for this cluster (made by Alluxio DL's post-renderer, only if you choose "with repairs"):\n${formatRepairs(
        p.repairs,
      )
        .map((l) => `  ${l}`)
        .join('\n')}`,
    );
  const skipped = hooksNotRun(p.next.hooks, upgrade);
  if (skipped.length) {
    const names = skipped.map(
      (h) =>
        `${parseManifest(h.manifest, namespace)
          .map((m) => m.key)
          .join(', ')} (${h.events.join(', ')})`,
    );
    parts.push(
      `# Not applied by this ${upgrade ? 'upgrade' : 'install'}: the chart renders ${names.join('; ')} as hooks that only run on ${[...new Set(skipped.flatMap((h) => h.events))].join(', ')}.`,
    );
    const hookDiff = stuckHookDiff(p, namespace);
    if (hookDiff)
      parts.push(
        `# Changes in those hooks that will NOT reach the cluster (uninstall and install again to apply them):\n${formatDiff(hookDiff)}`,
      );
    for (const s of stuckValues(p, namespace))
      parts.push(`# ${s.key} stays ${s.before} in the cluster (the values file says ${s.after}).`);
  }
  return parts.join('\n');
}
