/** Our schemas: short names, file names, and the `# yaml-language-server: $schema=` modeline. */
export const SCHEMA_IDS = [
  'alluxio-2.2',
  'alluxio-2.2-alibaba',
  'alluxio-2.9',
  'hdfs',
  'tfjob',
  'pytorchjob',
  'fluid-dataset',
  'fluid-alluxioruntime',
  'fluid-dataload',
] as const;
export type SchemaId = (typeof SCHEMA_IDS)[number];

export const SCHEMA_TITLES: Record<SchemaId, string> = {
  'alluxio-2.2': 'Alluxio values, official chart 0.5.5 (Alluxio 2.2)',
  'alluxio-2.2-alibaba': "Alluxio values, Alibaba's alluxio-0.12.0 packaging (Alluxio 2.2)",
  'alluxio-2.9': 'Alluxio values, chart 0.6.x (Alluxio 2.9)',
  hdfs: 'hdfs-k8s values',
  tfjob: 'Kubeflow TFJob',
  pytorchjob: 'Kubeflow PyTorchJob',
  'fluid-dataset': 'Fluid Dataset',
  'fluid-alluxioruntime': 'Fluid AlluxioRuntime',
  'fluid-dataload': 'Fluid DataLoad',
};

export function isSchemaId(s: string): s is SchemaId {
  return (SCHEMA_IDS as readonly string[]).includes(s);
}

export function schemaFileName(id: SchemaId): string {
  return `${id}.schema.json`;
}

/** Which property table (from the Alluxio docs) goes with a values schema. */
export function propertyVersion(id: SchemaId): '2.2' | '2.9' | undefined {
  // Fluid v1.0.8 runs alluxio-dev 2.9.0 unless the AlluxioRuntime names another image.
  if (id === 'alluxio-2.9' || id === 'fluid-alluxioruntime') return '2.9';
  if (id === 'alluxio-2.2' || id === 'alluxio-2.2-alibaba') return '2.2';
  return undefined;
}

/** Is `path` an Alluxio property map: `properties` at the top or in a component, under `spec` for an AlluxioRuntime. */
export function isPropertyMapPath(id: SchemaId, path: readonly unknown[]): boolean {
  if (path[path.length - 1] !== 'properties') return false;
  if (id === 'fluid-alluxioruntime') return path[0] === 'spec' && path.length <= 3;
  return isAlluxio(id) && path.length <= 2;
}

export function isAlluxio(id: SchemaId | undefined): boolean {
  return id === 'alluxio-2.2' || id === 'alluxio-2.2-alibaba' || id === 'alluxio-2.9';
}

/** Kubernetes resources (the API server rejects unknown keys) rather than Helm values. */
export function isResource(id: SchemaId | undefined): boolean {
  return id === 'tfjob' || id === 'pytorchjob' || isFluid(id);
}

export function isFluid(id: SchemaId | undefined): boolean {
  return id === 'fluid-dataset' || id === 'fluid-alluxioruntime' || id === 'fluid-dataload';
}

export interface Modeline {
  /** The raw value after `$schema=`. */
  value: string;
  /** Our schema it names, if any. */
  id?: SchemaId;
  start: number;
  end: number;
}

const MODELINE = /^#\s*yaml-language-server\s*:\s*\$schema=(\S+)\s*$/m;

/** Finds the modeline anywhere in the text; accepts short names, relative paths and URLs ending in our file names. */
export function readModeline(text: string): Modeline | undefined {
  const m = MODELINE.exec(text);
  if (!m) return undefined;
  const value = m[1];
  const start = m.index + m[0].indexOf(value);
  return { value, id: schemaIdFromReference(value), start, end: start + value.length };
}

export function schemaIdFromReference(ref: string): SchemaId | undefined {
  const clean = ref.replace(/[?#].*$/, '');
  if (isSchemaId(clean)) return clean;
  const base = clean.split(/[\\/]/).pop() ?? '';
  const m = /^(.*?)(?:\.schema)?\.json$/.exec(base);
  return m && isSchemaId(m[1]) ? m[1] : undefined;
}

export function modelineFor(id: SchemaId): string {
  return `# yaml-language-server: $schema=${id}`;
}
