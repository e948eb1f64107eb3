// "New Alluxio config.yaml": the Helm values Alluxio's PyTorch-on-HDFS guide writes, for the chosen chart flavour.
import { modelineFor, type SchemaId } from '../schema/names';

export interface AlluxioConfigInput {
  flavour: Extract<SchemaId, 'alluxio-2.2' | 'alluxio-2.2-alibaba' | 'alluxio-2.9'>;
  image: string;
  imageTag: string;
  nodeSelector: Record<string, string>;
  /** Root under file system, e.g. hdfs://hdfs-namenode-0.hdfs-namenode.default.svc.cluster.local:8020 */
  hdfsUri: string;
  writeType: string;
  /** Heap of master and worker, e.g. 4G. */
  heap: string;
  medium: 'MEM' | 'SSD' | 'HDD';
  quota: string;
  tierType: 'hostPath' | 'emptyDir' | 'persistentVolumeClaim';
  tierPath: string;
  high: number;
  low: number;
  fuse: {
    image: string;
    imageTag: string;
    /** Heap of the FUSE daemon, e.g. 4G (-Xmx and -Xms). */
    heap: string;
    /** FUSE mount options, e.g. direct_io. */
    options: string;
    /** 2.9: mount point on the host. */
    mountPoint?: string;
  };
}

/** The PyTorch-on-HDFS guide's inputs (Alibaba packaging, HDFS at hdfs-namenode-0, a 20GB MEM tier on /dev/shm). */
export const SEED_ALLUXIO_INPUT: AlluxioConfigInput = {
  flavour: 'alluxio-2.2-alibaba',
  image: 'registry.cn-huhehaote.aliyuncs.com/alluxio/alluxio',
  imageTag: '2.2.0-SNAPSHOT-b2c7e50',
  nodeSelector: { dataset: 'mnist' },
  hdfsUri: 'hdfs://hdfs-namenode-0.hdfs-namenode.default.svc.cluster.local:8020',
  writeType: 'MUST_CACHE',
  heap: '4G',
  medium: 'MEM',
  quota: '20GB',
  tierType: 'hostPath',
  tierPath: '/dev/shm',
  high: 0.99,
  low: 0.8,
  fuse: {
    image: 'registry.cn-huhehaote.aliyuncs.com/alluxio/alluxio-fuse',
    imageTag: '2.2.0-SNAPSHOT-b2c7e50',
    heap: '4G',
    options: 'direct_io',
  },
};

const q = (s: string) => JSON.stringify(s);
/** Plain when YAML reads it back as the same string, quoted otherwise. */
function plain(s: string): string {
  return /^[A-Za-z_/][\w./:@-]*$/.test(s) && !/^(true|false|null|yes|no|on|off)$/i.test(s) && !/:\s|:$/.test(s)
    ? s
    : q(s);
}

/** Two spaces per level, lists indented under their key (as Prettier writes YAML). */
export function generateAlluxioConfig(i: AlluxioConfigInput): string {
  const is29 = i.flavour === 'alluxio-2.9';
  const L: string[] = [modelineFor(i.flavour)];
  L.push(`image: ${plain(i.image)}`, `imageTag: ${q(i.imageTag)}`);
  const sel = Object.entries(i.nodeSelector);
  if (sel.length) L.push('nodeSelector:', ...sel.map(([k, v]) => `  ${k}: ${plain(v)}`));
  L.push(
    'properties:',
    '  alluxio.fuse.debug.enabled: "false"',
    `  alluxio.user.file.writetype.default: ${plain(i.writeType)}`,
    '  alluxio.master.journal.folder: /journal',
    '  alluxio.master.journal.type: UFS',
    `  alluxio.master.mount.table.root.ufs: ${q(i.hdfsUri)}`,
  );
  /** `jvmOptions` at 2 spaces: a list (2.9) or one string. */
  const jvm = (opts: string[]) =>
    is29 ? ['  jvmOptions:', ...opts.map((o) => `    - ${q(o)}`)] : [`  jvmOptions: ${q(` ${opts.join(' ')} `)}`];
  L.push('worker:', ...jvm([`-Xmx${i.heap}`]), 'master:', ...jvm([`-Xmx${i.heap}`]));
  L.push('tieredstore:', '  levels:');
  if (i.flavour === 'alluxio-2.2-alibaba') L.push(`    - alias: ${i.medium}`);
  else if (is29) L.push(`    - alias: ${i.medium}`, `      mediumtype: ${i.medium}`);
  else L.push(`    - mediumtype: ${i.medium}`);
  L.push(
    '      level: 0',
    `      quota: ${i.quota}`,
    `      type: ${i.tierType}`,
    `      path: ${i.tierPath}`,
    `      high: ${i.high}`,
    `      low: ${i.low}`,
  );
  if (is29) {
    L.push('fuse:', '  enabled: true', ...jvm([`-Xmx${i.fuse.heap}`, `-Xms${i.fuse.heap}`]));
    L.push(
      `  mountPoint: ${i.fuse.mountPoint ?? '/mnt/alluxio-fuse'}`,
      `  mountOptions: ${plain(['allow_other', i.fuse.options].filter(Boolean).join(','))}`,
    );
  } else {
    L.push(
      'fuse:',
      `  image: ${plain(i.fuse.image)}`,
      `  imageTag: ${q(i.fuse.imageTag)}`,
      `  jvmOptions: ${q(` -Xmx${i.fuse.heap} -Xms${i.fuse.heap} `)}`,
      '  args:',
      '    - fuse',
      `    - --fuse-opts=${i.fuse.options}`,
    );
    if (i.flavour === 'alluxio-2.2') L.push('  enabled: true', '  clientEnabled: true');
  }
  return L.join('\n') + '\n';
}
