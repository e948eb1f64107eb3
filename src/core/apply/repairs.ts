/**
 * Repairs for charts written for older clusters, offered (never applied silently) before an install:
 *  - API versions the cluster no longer serves (extensions/v1beta1 and apps/v1beta1/v1beta2 workloads,
 *    policy/v1beta1 PodDisruptionBudget) move to the version that replaced them; apps/v1 also needs
 *    the spec.selector the old versions defaulted from the pod template's labels.
 *  - A known chart defect: the Alluxio 0.5.x (2.2-era) master template relied on Helm 2's toYaml ending
 *    in a newline, so under Helm 3 its journal claim renders `- ReadWriteOnceresources:` and loses its
 *    resources. The access mode and the resources are put back where the template meant them.
 * `planRepairs` lists the changes for the preview; `repairManifests` (the shipped post-renderer) makes
 * exactly the changes the plan's switches name.
 */
import { jsYaml } from '../yaml/js-yaml';

export type KnownDefect = 'glued-access-modes';

/** What the user approved: which unserved API versions to move, which defects to fix. */
export interface RepairSwitches {
  unserved: string[];
  fixes: KnownDefect[];
}

export interface Repair {
  /** The chart file that rendered the object (helm's `# Source:` comment), or '' when unknown. */
  source: string;
  kind: string;
  name: string;
  from: string;
  to: string;
}

export interface RepairPlan {
  switches: RepairSwitches;
  repairs: Repair[];
  /** Objects in API versions the cluster does not serve and that no repair knows how to move. */
  unrepairable: string[];
}

interface Move {
  kinds: ReadonlySet<string>;
  to: string;
}

const WORKLOADS = new Set(['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet']);
const MOVES: Record<string, Move[]> = {
  'extensions/v1beta1': [{ kinds: new Set(['Deployment', 'DaemonSet', 'ReplicaSet']), to: 'apps/v1' }],
  'apps/v1beta1': [{ kinds: WORKLOADS, to: 'apps/v1' }],
  'apps/v1beta2': [{ kinds: WORKLOADS, to: 'apps/v1' }],
  'policy/v1beta1': [{ kinds: new Set(['PodDisruptionBudget']), to: 'policy/v1' }],
};
const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];
const DEFECTS: KnownDefect[] = ['glued-access-modes'];

/** Bounds on what a post-renderer reads: helm's rendered output of one release. */
export const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;
export const MAX_DOCUMENTS = 5000;

interface Doc {
  source: string;
  object: Record<string, any>;
}

/** Rendered manifests → objects with their `# Source:` file; YAML 1.1 like Helm and Kubernetes (0744 is octal). */
export function splitManifests(text: string): Doc[] {
  if (text.length > MAX_MANIFEST_BYTES)
    throw new Error(`the rendered manifests are ${text.length} bytes; more than ${MAX_MANIFEST_BYTES} is refused`);
  const chunks = text.split(/^---[ \t]*(?:#.*)?$/m);
  if (chunks.length > MAX_DOCUMENTS)
    throw new Error(`the rendered manifests have ${chunks.length} documents; more than ${MAX_DOCUMENTS} is refused`);
  const out: Doc[] = [];
  for (const chunk of chunks) {
    const source = /^# Source: (.+)$/m.exec(chunk)?.[1].trim() ?? '';
    for (const o of jsYaml().loadAll(chunk, { schema: jsYaml().YAML11_SCHEMA }))
      if (o && typeof o === 'object' && !Array.isArray(o)) out.push({ source, object: o as Record<string, any> });
  }
  return out;
}

function moveFor(apiVersion: string, kind: string): Move | undefined {
  return MOVES[apiVersion]?.find((m) => m.kinds.has(kind));
}

/** Makes the switched-on repairs to one object, in place; returns what changed. */
function repairObject(doc: Doc, switches: RepairSwitches): Repair[] {
  const o = doc.object;
  const kind = String(o.kind ?? '');
  const name = String(o.metadata?.name ?? '');
  const base = { source: doc.source, kind, name };
  const out: Repair[] = [];
  const apiVersion = String(o.apiVersion ?? '');
  const move = switches.unserved.includes(apiVersion) ? moveFor(apiVersion, kind) : undefined;
  if (move) {
    o.apiVersion = move.to;
    out.push({ ...base, from: `apiVersion ${apiVersion}`, to: `apiVersion ${move.to}` });
    if (move.to === 'apps/v1' && o.spec && typeof o.spec === 'object' && !o.spec.selector) {
      const labels = { ...(o.spec.template?.metadata?.labels ?? {}) };
      o.spec.selector = { matchLabels: labels };
      out.push({ ...base, from: 'no spec.selector', to: `spec.selector.matchLabels ${JSON.stringify(labels)}` });
    }
  }
  if (switches.fixes.includes('glued-access-modes')) {
    const claims: unknown[] = Array.isArray(o.spec?.volumeClaimTemplates) ? o.spec.volumeClaimTemplates : [];
    claims.forEach((c, i) => {
      const spec = (c as { spec?: Record<string, any> } | null)?.spec;
      for (const glued of unglueAccessModes(spec))
        out.push({
          ...base,
          from: `volumeClaimTemplates[${i}].spec.accessModes "- ${glued}resources:"`,
          to: `accessModes [${glued}] with spec.resources`,
        });
    });
  }
  return out;
}

/** `- ReadWriteOnceresources: {requests: …}` → the access mode, and the resources back in the claim spec. */
function unglueAccessModes(spec: Record<string, any> | undefined): string[] {
  if (!spec || !Array.isArray(spec.accessModes)) return [];
  const fixed: string[] = [];
  spec.accessModes = spec.accessModes.map((m: unknown) => {
    if (!m || typeof m !== 'object' || Array.isArray(m)) return m;
    const entry = m as Record<string, unknown>;
    const mode = ACCESS_MODES.find((a) => `${a}resources` in entry);
    if (!mode) return m;
    const { [`${mode}resources`]: _glued, ...rest } = entry;
    spec.resources = { ...(spec.resources ?? {}), ...rest };
    fixed.push(mode);
    return mode;
  });
  return fixed;
}

/** Makes the switched-on repairs; the output is one JSON document per object (valid YAML). */
export function repairManifests(text: string, switches: RepairSwitches): { text: string; repairs: Repair[] } {
  const docs = splitManifests(text);
  const repairs = docs.flatMap((d) => repairObject(d, switches));
  return { text: docs.map((d) => `---\n${JSON.stringify(d.object)}\n`).join(''), repairs };
}

/**
 * What to repair in rendered manifests (helm template) for a cluster that serves `served` group/versions
 * (`v1`, `apps/v1`, …): the API versions used but not served that a repair can move to a served one, and
 * every known defect that occurs. Only switches that change something are on. `served` undefined (discovery
 * failed): API versions are not judged, only known defects are looked for.
 */
export function planRepairs(text: string, served: ReadonlySet<string> | undefined): RepairPlan {
  const docs = splitManifests(text);
  const unserved = new Set<string>();
  const unrepairable: string[] = [];
  for (const { object: o } of docs) {
    const v = String(o.apiVersion ?? '');
    if (!v || !served || served.has(v)) continue;
    const move = moveFor(v, String(o.kind ?? ''));
    if (move && served.has(move.to)) unserved.add(v);
    else if (builtIn(v))
      // Built-in groups only: a custom resource may be served once the chart's own CRD is installed.
      unrepairable.push(`${o.kind ?? '?'} ${o.metadata?.name ?? '?'} (${v})`);
  }
  const switches: RepairSwitches = { unserved: [...unserved].sort(), fixes: [] };
  for (const fix of DEFECTS) {
    const probe = { unserved: [], fixes: [fix] };
    if (docs.some((d) => repairObject(structuredClone(d), probe).length)) switches.fixes.push(fix);
  }
  const repairs = docs.flatMap((d) => repairObject(d, switches));
  return { switches, repairs, unrepairable };
}

function builtIn(apiVersion: string): boolean {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return !group.includes('.') || group.endsWith('.k8s.io');
}

export function hasRepairs(switches: RepairSwitches): boolean {
  return switches.unserved.length > 0 || switches.fixes.length > 0;
}

/** The post-renderer's arguments for a plan's switches, and back. */
export function repairArgs(switches: RepairSwitches): string[] {
  return [...switches.unserved.map((v) => `--unserved=${v}`), ...switches.fixes.map((f) => `--fix=${f}`)];
}

export function parseRepairArgs(argv: string[]): RepairSwitches {
  const switches: RepairSwitches = { unserved: [], fixes: [] };
  for (const a of argv) {
    const [flag, value = ''] = a.split(/=(.*)/s, 2);
    if (flag === '--unserved' && MOVES[value]) switches.unserved.push(value);
    else if (flag === '--fix' && (DEFECTS as string[]).includes(value)) switches.fixes.push(value as KnownDefect);
    else throw new Error(`unknown argument ${JSON.stringify(a)} (expected --unserved=GROUP/VERSION or --fix=NAME)`);
  }
  return switches;
}

/** One line per repair for the preview: `file: Kind name: from → to`. */
export function formatRepairs(repairs: Repair[]): string[] {
  return repairs.map((r) => `${r.source ? `${r.source}: ` : ''}${r.kind} ${r.name}: ${r.from} → ${r.to}`);
}
