// Helm post-renderer (helm install --post-renderer node --post-renderer-args out/test/sandbox/postrender.js)
// for the 2020-era hdfs-k8s chart, whose templates use API versions that Kubernetes removed long ago
// (extensions/v1beta1 Deployment/DaemonSet, apps/v1beta1 StatefulSet: gone since 1.16; policy/v1beta1
// PodDisruptionBudget: gone since 1.25). It rewrites them to apps/v1 / policy/v1 and adds the
// spec.selector that apps/v1 requires (the old versions defaulted it from the pod template's labels).
// Second fix, for the Alluxio 0.5.5 (2.2-era) chart: its master StatefulSet template writes
//   accessModes:\n{{ toYaml .Values.journal.accessModes | indent 8 -}}\n        resources:
// which relied on Helm 2's toYaml ending in a newline; under Helm 3 it renders
// `- ReadWriteOnceresources:` and the journal claim loses its `resources`. The fix puts the access
// mode and the resources back where the template meant them. Nothing else is changed.
// Reads the rendered manifests on stdin, writes them on stdout.
import * as yaml from 'js-yaml';

const WORKLOADS = new Set(['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet']);

export function upgradeManifest(doc: Record<string, any>): Record<string, any> {
  if (!doc || typeof doc !== 'object') return doc;
  const { apiVersion, kind } = doc as { apiVersion?: string; kind?: string };
  if (kind && WORKLOADS.has(kind) && /^(extensions\/v1beta1|apps\/v1beta1|apps\/v1beta2)$/.test(apiVersion ?? '')) {
    doc.apiVersion = 'apps/v1';
    const spec = (doc.spec ??= {});
    if (!spec.selector) spec.selector = { matchLabels: { ...(spec.template?.metadata?.labels ?? {}) } };
  }
  if (kind === 'PodDisruptionBudget' && apiVersion === 'policy/v1beta1') doc.apiVersion = 'policy/v1';
  for (const claim of (doc.spec?.volumeClaimTemplates ?? []) as { spec?: Record<string, any> }[])
    fixGluedAccessModes(claim.spec);
  return doc;
}

function fixGluedAccessModes(spec: Record<string, any> | undefined): void {
  if (!spec || !Array.isArray(spec.accessModes)) return;
  spec.accessModes = spec.accessModes.map((m: unknown) => {
    if (!m || typeof m !== 'object') return m;
    const entry = m as Record<string, any>;
    const glued = Object.keys(entry).find((k) =>
      /^(ReadWriteOnce|ReadOnlyMany|ReadWriteMany|ReadWriteOncePod)resources$/.test(k),
    );
    if (!glued) return m;
    const { [glued]: _, ...resources } = entry;
    spec.resources = { ...(spec.resources ?? {}), ...(resources as object) };
    return glued.slice(0, -'resources'.length);
  });
}

export function postRender(input: string): string {
  // YAML 1.1 like the Kubernetes/Helm decoders (0744 is octal); JSON output is valid YAML and needs no dumper.
  const docs = yaml.loadAll(input, { schema: yaml.YAML11_SCHEMA }) as Record<string, any>[];
  return docs
    .filter((d) => d && typeof d === 'object')
    .map((d) => `---\n${JSON.stringify(upgradeManifest(d))}\n`)
    .join('');
}

if (require.main === module) {
  let input = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (d: string) => (input += d));
  process.stdin.on('end', () => {
    try {
      process.stdout.write(postRender(input));
    } catch (e) {
      process.stderr.write(`postrender: ${(e as Error).message}\n`);
      process.exit(1);
    }
  });
}
