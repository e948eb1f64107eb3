// "Convert to Fluid": Alluxio Helm values (config.yaml of the 2.2 or 2.9 chart) → the equivalent
// Fluid Dataset + AlluxioRuntime, with the list of settings that have no Fluid equivalent.
import { parseAlluxioSize } from '../checks/sizes';
import type { FluidComponent, FluidComponentSpec, FluidInput, FluidTier } from './fluid-resources';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
/** Keys read from any one mapping; a values file with more is not a chart's. */
const MAX_KEYS = 2000;
const ROOT_UFS = 'alluxio.master.mount.table.root.ufs';
const ROOT_OPTION = 'alluxio.master.mount.table.root.option.';

export interface ConversionNote {
  /** The values key, e.g. `journal` or `fuse.mountPoint` or `properties["alluxio.master.journal.type"]`. */
  key: string;
  /** dropped: no Fluid equivalent; changed: carried over with a different meaning or form. */
  kind: 'dropped' | 'changed';
  message: string;
}

export interface ConvertOptions {
  name: string;
  namespace?: string;
  /** Cache workers (the chart ran one per matching node). */
  replicas?: number;
  /** The UFS when the values have no root UFS property. */
  mountPoint?: string;
}

export interface Conversion {
  input: FluidInput;
  notes: ConversionNote[];
}

/** The root UFS the values name, if any (top-level or master properties). */
export function rootUfsOf(values: unknown): string | undefined {
  if (!isObj(values)) return undefined;
  for (const props of [values.properties, isObj(values.master) ? values.master.properties : undefined])
    if (isObj(props) && typeof props[ROOT_UFS] === 'string' && props[ROOT_UFS]) return props[ROOT_UFS];
  return undefined;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
const entries = (o: Obj): Array<[string, unknown]> => Object.entries(o).slice(0, MAX_KEYS);

function stringMap(o: unknown): Record<string, string> | undefined {
  if (!isObj(o)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of entries(o)) if (v !== null && v !== undefined && typeof v !== 'object') out[k] = String(v);
  return Object.keys(out).length ? out : undefined;
}

/** 2.2 writes one string (" -Xmx4G -Xms4G "), 2.9 a list; Fluid wants a list. */
function jvmList(v: unknown): string[] | undefined {
  if (typeof v === 'string') return v.trim() ? v.trim().split(/\s+/) : undefined;
  if (Array.isArray(v)) return v.filter((x) => x !== null && x !== undefined).map(String);
  return undefined;
}

/** Alluxio sizes are powers of 1024 ("20GB", "1G"); Fluid's quota is a Kubernetes quantity: 20Gi. */
export function toQuantity(v: unknown): string | undefined {
  if (typeof v === 'string' && /^\s*\d+(\.\d+)?\s*(Ki|Mi|Gi|Ti|Pi)\s*$/.test(v)) return v.trim();
  const bytes = parseAlluxioSize(v);
  if (bytes === undefined || !Number.isFinite(bytes)) return undefined;
  for (const [unit, size] of [
    ['Ti', 2 ** 40],
    ['Gi', 2 ** 30],
    ['Mi', 2 ** 20],
    ['Ki', 2 ** 10],
  ] as const)
    if (bytes >= size && Number.isInteger(bytes / size)) return `${bytes / size}${unit}`;
  return String(Math.round(bytes));
}

const TOP_DROPPED: Record<string, string> = {
  fullnameOverride: 'the Dataset and AlluxioRuntime are named by metadata.name',
  user: 'Fluid runs Alluxio as root unless spec.runAs is set (uid, gid, user, group)',
  group: 'Fluid runs Alluxio as root unless spec.runAs is set (uid, gid, user, group)',
  fsGroup: 'no AlluxioRuntime field sets the pods’ fsGroup',
  journal: 'Fluid configures the master journal itself',
  shortCircuit: 'Fluid turns short-circuit reads on itself (off when a tier is an emptyDir)',
  domainHostPath: 'Fluid configures short-circuit reads itself',
  proxy: 'an AlluxioRuntime has spec.apiGateway for the REST gateway, not the chart’s proxy settings',
  logserver: 'no log server in an AlluxioRuntime',
  metrics: 'Fluid exposes metrics itself (spec.disablePrometheus turns them off)',
  csi: 'Fluid mounts datasets with its own CSI plugin',
  serviceAccount: 'Fluid chooses the service account of the runtime pods',
  hostAliases: 'no AlluxioRuntime field sets host aliases',
  metastore: 'no metastore in an AlluxioRuntime',
  configmaps: 'mount ConfigMaps with spec.volumes and spec.<component>.volumeMounts',
};

const COMPONENT_DROPPED: Record<string, string> = {
  args: 'Fluid starts the Alluxio processes with its own arguments',
  ports: 'Fluid picks the ports (random ones with host networking)',
  dnsPolicy: 'Fluid sets the DNS policy from the network mode',
  hostPID: 'no AlluxioRuntime field sets hostPID',
  shareProcessNamespace: 'no AlluxioRuntime field sets it',
  extraContainers: 'no AlluxioRuntime field adds containers',
  extraVolumes: 'use spec.volumes',
  extraVolumeMounts: 'use spec.<component>.volumeMounts with spec.volumes',
  extraServicePorts: 'Fluid makes the services',
  readinessProbe: 'Fluid sets the probes',
  livenessProbe: 'Fluid sets the probes',
  livenessProbeEnabled: 'Fluid sets the probes',
  tolerations: "an AlluxioRuntime component has no tolerations: use the Dataset's spec.tolerations",
  serviceAccount: 'Fluid chooses the service account of the runtime pods',
  enabled: 'Fluid always runs the master and workers, and FUSE where a pod mounts the dataset',
  clientEnabled: 'Fluid starts FUSE on the nodes where a pod mounts the dataset',
  fuseEnabled: 'Fluid starts FUSE on the nodes where a pod mounts the dataset',
  mountPoint: 'pods mount the dataset through its PVC (named after the Dataset), not a host folder',
  alluxioPath: 'FUSE shows the whole dataset',
  user: 'Fluid runs FUSE as root unless spec.runAs is set',
  group: 'Fluid runs FUSE as root unless spec.runAs is set',
  fsGroup: 'no AlluxioRuntime field sets it',
  ramdisk: 'Fluid sizes the ramdisk from spec.tieredstore',
  domainHostPath: 'Fluid configures short-circuit reads itself',
  shortCircuitPolicy: 'Fluid configures short-circuit reads itself',
  replicas: 'use spec.master.replicas',
};

/** Alluxio properties Fluid sets itself: passing them on would fight the controller. */
function fluidOwnsProperty(key: string): string | undefined {
  if (key.startsWith('alluxio.master.journal.')) return 'Fluid configures the master journal itself';
  if (
    key.startsWith('alluxio.worker.tieredstore.') ||
    key === 'alluxio.worker.memory.size' ||
    key === 'alluxio.worker.ramdisk.size'
  )
    return 'Fluid writes the tiers from spec.tieredstore';
  if (/\.(port|hostname)$/.test(key) || key.startsWith('alluxio.master.embedded.journal.addresses'))
    return 'Fluid picks hosts and ports';
  return undefined;
}

export function convertHelmToFluid(values: unknown, opts: ConvertOptions): Conversion {
  if (!isObj(values)) throw new Error('The config.yaml is not a mapping of Helm values: nothing to convert.');
  const notes: ConversionNote[] = [];
  const drop = (key: string, message: string) => notes.push({ key, kind: 'dropped', message });
  const change = (key: string, message: string) => notes.push({ key, kind: 'changed', message });
  const mountOptions: Record<string, string> = {};

  const properties = (path: string, o: unknown): Record<string, string> | undefined => {
    const out: Record<string, string> = {};
    if (!isObj(o)) return undefined;
    for (const [k, v] of entries(o)) {
      if (v === null || v === undefined) continue;
      const key = `${path}["${k}"]`;
      if (k === ROOT_UFS) continue; // becomes the Dataset's mount
      if (k.startsWith(ROOT_OPTION)) {
        mountOptions[k.slice(ROOT_OPTION.length)] = str(v);
        change(key, 'became an option of the Dataset mount');
        continue;
      }
      const owned = fluidOwnsProperty(k);
      if (owned) drop(key, owned);
      else out[k] = str(v);
    }
    return Object.keys(out).length ? out : undefined;
  };

  const component = (c: FluidComponent, o: unknown): FluidComponentSpec | undefined => {
    if (!isObj(o)) return undefined;
    const spec: FluidComponentSpec = {};
    for (const [k, v] of entries(o)) {
      if (v === null || v === undefined) continue;
      const key = `${c}.${k}`;
      switch (k) {
        case 'properties':
          spec.properties = properties(`${c}.properties`, v);
          break;
        case 'jvmOptions':
          spec.jvmOptions = jvmList(v);
          break;
        case 'nodeSelector':
          spec.nodeSelector = stringMap(v);
          break;
        case 'env':
          spec.env = stringMap(v);
          break;
        case 'resources':
          if (isObj(v)) spec.resources = { limits: stringMap(v.limits), requests: stringMap(v.requests) };
          break;
        case 'count':
          if (c === 'master' && Number(v) > 1) spec.replicas = Number(v);
          break;
        case 'hostNetwork':
          spec.networkMode = v ? 'HostNetwork' : 'ContainerNetwork';
          break;
        case 'podAnnotations':
          if (stringMap(v)) spec.podMetadata = { annotations: stringMap(v) };
          break;
        case 'image':
        case 'imageTag':
          if (c === 'fuse') spec[k] = String(v);
          break;
        case 'imagePullPolicy':
          if (c === 'fuse') spec.imagePullPolicy = String(v);
          break;
        case 'args':
          if (c === 'fuse') spec.args = Array.isArray(v) ? v.map(String) : undefined;
          else drop(key, COMPONENT_DROPPED.args);
          break;
        case 'mountOptions':
          if (c === 'fuse' && !('args' in o)) spec.args = ['fuse', `--fuse-opts=${str(v)}`];
          break;
        default:
          if (k === 'enabled' && v === true && c !== 'fuse') break; // what Fluid does anyway
          drop(key, COMPONENT_DROPPED[k] ?? 'no AlluxioRuntime equivalent');
      }
    }
    return Object.values(spec).some((x) => x !== undefined) ? spec : undefined;
  };

  const tiers = tiersOf(values.tieredstore, drop, change);

  const input: FluidInput = {
    name: opts.name,
    namespace: opts.namespace,
    mountPoint: mountPointOf(values, opts, notes),
    nodeSelector: stringMap(values.nodeSelector) ?? {},
    replicas: opts.replicas ?? 1,
    tiers,
    properties: {},
    components: {},
  };
  change(
    'worker',
    `the chart ran one worker on every node matching nodeSelector (a DaemonSet); an AlluxioRuntime runs spec.replicas workers (${input.replicas} here): set it to the number of cache nodes`,
  );
  if (Object.keys(input.nodeSelector).length)
    change('nodeSelector', "became the Dataset's spec.nodeAffinity: the cache workers run only on matching nodes");

  for (const [k, v] of entries(values)) {
    if (v === null || v === undefined) continue;
    switch (k) {
      case 'image':
        input.image = String(v);
        break;
      case 'imageTag':
        input.imageTag = String(v);
        break;
      case 'imagePullPolicy':
        input.imagePullPolicy = String(v);
        break;
      case 'imagePullSecrets':
        if (Array.isArray(v) && v.length)
          input.imagePullSecrets = v.map((s) => ({ name: isObj(s) ? String(s.name) : String(s) }));
        break;
      case 'tolerations':
        if (Array.isArray(v) && v.length) input.tolerations = v;
        break;
      case 'nodeSelector':
      case 'tieredstore':
        break;
      case 'properties':
        input.properties = properties('properties', v) ?? {};
        break;
      case 'jvmOptions':
        input.jvmOptions = jvmList(v);
        break;
      case 'master':
      case 'worker':
      case 'fuse':
      case 'jobMaster':
      case 'jobWorker': {
        const spec = component(k, v);
        if (spec) input.components[k] = spec;
        break;
      }
      default:
        if (isObj(v) && !Object.keys(v).length) break;
        drop(k, TOP_DROPPED[k] ?? 'no AlluxioRuntime equivalent');
    }
  }
  const fuse = input.components.fuse;
  if (fuse?.args)
    change(
      'fuse.args',
      'kept as spec.fuse.args; Fluid adds allow_other to the FUSE options and appends the mount path',
    );
  if (Object.keys(mountOptions).length) input.mountOptions = mountOptions;
  return { input, notes };
}

function mountPointOf(values: Obj, opts: ConvertOptions, notes: ConversionNote[]): string {
  const root = rootUfsOf(values);
  if (!root) {
    if (!opts.mountPoint)
      throw new Error(
        `The config.yaml has no ${ROOT_UFS} (the chart then caches a local folder, which a Dataset cannot): give the HDFS URI to mount.`,
      );
    notes.push({
      key: `properties["${ROOT_UFS}"]`,
      kind: 'changed',
      message: `not set: the Dataset mounts ${opts.mountPoint}`,
    });
    return opts.mountPoint;
  }
  notes.push({
    key: `properties["${ROOT_UFS}"]`,
    kind: 'changed',
    message: "became the Dataset's spec.mounts[0].mountPoint (path /: the cache's root, as before)",
  });
  return /^[a-z][\w+.-]*:\/\/[^/]*$/i.test(root) ? `${root}/` : root;
}

function tiersOf(
  t: unknown,
  drop: (key: string, message: string) => void,
  change: (key: string, message: string) => void,
): FluidTier[] {
  const levels = isObj(t) && Array.isArray(t.levels) ? t.levels.slice(0, 16).filter(isObj) : [];
  const sorted = levels.map((l, i) => ({ l, i })).sort((a, b) => Number(a.l.level ?? a.i) - Number(b.l.level ?? b.i));
  const out: FluidTier[] = [];
  for (const { l, i } of sorted) {
    const at = `tieredstore.levels[${i}]`;
    const media = String(l.mediumtype ?? l.alias ?? '').split(',');
    const medium = media[0].trim().toUpperCase();
    if (medium !== 'MEM' && medium !== 'SSD' && medium !== 'HDD') {
      drop(at, `the medium "${media[0]}" is not one Fluid knows (MEM, SSD, HDD)`);
      continue;
    }
    if (new Set(media.map((m) => m.trim().toUpperCase())).size > 1)
      change(
        `${at}.mediumtype`,
        `several media (${media.join(',')}) in one level: Fluid gives a level one medium, ${medium}`,
      );
    const quotas = String(l.quota ?? '')
      .split(',')
      .map(toQuantity);
    if (quotas.some((q) => q === undefined)) {
      drop(at, `its quota "${str(l.quota)}" is not a size`);
      continue;
    }
    if (String(l.quota) !== quotas.join(','))
      change(`${at}.quota`, `${str(l.quota)} became ${quotas.join(',')} (Kubernetes units; Alluxio's GB are GiB)`);
    const tier: FluidTier = { mediumtype: medium, path: String(l.path ?? '/dev/shm'), quota: quotas.join(',') };
    if (l.type === 'hostPath' || l.type === 'emptyDir') tier.volumeType = l.type;
    else if (l.type !== undefined) drop(`${at}.type`, `Fluid tiers are hostPath or emptyDir, not ${str(l.type)}`);
    if (l.high !== undefined) tier.high = String(l.high);
    if (l.low !== undefined) tier.low = String(l.low);
    out.push(tier);
  }
  return out;
}
