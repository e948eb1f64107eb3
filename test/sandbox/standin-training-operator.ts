// STAND-IN for the Kubeflow training-operator (kubeflow.org/v1 TFJob controller). It is NOT the real
// operator. The sandbox runs the real one (training-operator.ts, v1.8.1 from the Go module proxy) when it
// could be built; this stand-in is the fallback when that optional build failed (a `.failed` marker beside
// the binary). It does what the operator does that the extension can see (checked against v1.8.1's pods):
// for every TFJob in `default` it creates one pod and one headless service per replica, named
// `<job>-<type>-<index>`, with the operator's labels (training.kubeflow.org/job-name, replica-type,
// replica-index, operator-name, job-role) plus the template's labels, an ownerReference to the TFJob,
// TF_CONFIG, and sets status.conditions (Created, Running) and replicaStatuses once pods run.
// It does not restart failed pods, clean up or handle PS/Chief semantics beyond labels.
import { Api } from './client';

const GROUP = 'training.kubeflow.org';

interface TfJob {
  metadata: { name: string; namespace?: string; uid: string; creationTimestamp?: string };
  spec: {
    tfReplicaSpecs: Record<
      string,
      {
        replicas?: number;
        restartPolicy?: string;
        template: {
          metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
          spec: Record<string, any>;
        };
      }
    >;
  };
  status?: { conditions?: { type: string; status: string }[] };
}

export function podName(job: string, rtype: string, index: number): string {
  return `${job}-${rtype.toLowerCase()}-${index}`;
}

function isMasterRole(specs: TfJob['spec']['tfReplicaSpecs'], rtype: string, index: number): boolean {
  const hasChief = Object.keys(specs).some((t) => t === 'Chief' || t === 'Master');
  return hasChief ? rtype === 'Chief' || rtype === 'Master' : rtype === 'Worker' && index === 0;
}

export class StandinTrainingOperator {
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  constructor(
    private readonly api: Api,
    private readonly ns = 'default',
  ) {}

  start(intervalMs = 1000): void {
    this.timer = setInterval(() => void this.reconcileAll().catch(() => undefined), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async reconcileAll(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const list = await this.api.json<{ items: TfJob[] }>('GET', `/apis/kubeflow.org/v1/namespaces/${this.ns}/tfjobs`);
      for (const job of list.items) await this.reconcile(job);
    } finally {
      this.busy = false;
    }
  }

  private async reconcile(job: TfJob): Promise<void> {
    const name = job.metadata.name;
    const owner = {
      apiVersion: 'kubeflow.org/v1',
      kind: 'TFJob',
      name,
      uid: job.metadata.uid,
      controller: true,
      blockOwnerDeletion: true,
    };
    const specs = job.spec.tfReplicaSpecs;
    const cluster: Record<string, string[]> = {};
    for (const [rtype, spec] of Object.entries(specs)) {
      cluster[rtype.toLowerCase()] = Array.from(
        { length: spec.replicas ?? 1 },
        (_, i) => `${podName(name, rtype, i)}.${this.ns}.svc:2222`,
      );
    }
    const pods = await this.api.json<{ items: { metadata: { name: string }; status?: { phase?: string } }[] }>(
      'GET',
      `/api/v1/namespaces/${this.ns}/pods?labelSelector=${encodeURIComponent(`${GROUP}/job-name=${name}`)}`,
    );
    const existing = new Map(pods.items.map((p) => [p.metadata.name, p.status?.phase ?? 'Pending']));
    const replicaStatuses: Record<string, { active: number; succeeded: number; failed: number }> = {};
    for (const [rtype, spec] of Object.entries(specs)) {
      const rs = (replicaStatuses[rtype] = { active: 0, succeeded: 0, failed: 0 });
      for (let i = 0; i < (spec.replicas ?? 1); i++) {
        const pn = podName(name, rtype, i);
        const phase = existing.get(pn);
        if (phase === 'Running') rs.active++;
        else if (phase === 'Succeeded') rs.succeeded++;
        else if (phase === 'Failed') rs.failed++;
        if (phase !== undefined) continue;
        const labels = {
          ...(spec.template.metadata?.labels ?? {}),
          [`${GROUP}/job-name`]: name,
          [`${GROUP}/replica-type`]: rtype.toLowerCase(),
          [`${GROUP}/replica-index`]: String(i),
          [`${GROUP}/operator-name`]: 'tfjob-controller',
          ...(isMasterRole(specs, rtype, i) ? { [`${GROUP}/job-role`]: 'master' } : {}),
        };
        const podSpec = JSON.parse(JSON.stringify(spec.template.spec)) as {
          containers: { name: string; env?: { name: string; value: string }[] }[];
          restartPolicy?: string;
        };
        podSpec.restartPolicy = spec.restartPolicy === 'ExitCode' ? 'Never' : (spec.restartPolicy ?? 'Never');
        const tfConfig = JSON.stringify({
          cluster,
          task: { type: rtype.toLowerCase(), index: i },
          environment: 'cloud',
        });
        for (const c of podSpec.containers)
          if (c.name === 'tensorflow') c.env = [...(c.env ?? []), { name: 'TF_CONFIG', value: tfConfig }];
        await this.api
          .json('POST', `/api/v1/namespaces/${this.ns}/services`, {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: pn, labels, ownerReferences: [owner] },
            spec: {
              clusterIP: 'None',
              selector: labels,
              ports: [{ name: 'tfjob-port', port: 2222, targetPort: 2222 }],
            },
          })
          .catch((e: Error) => {
            if (!/409/.test(e.message)) throw e;
          });
        await this.api.json('POST', `/api/v1/namespaces/${this.ns}/pods`, {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: pn,
            labels,
            annotations: spec.template.metadata?.annotations ?? {},
            ownerReferences: [owner],
          },
          spec: podSpec,
        });
      }
    }
    await this.setStatus(job, replicaStatuses);
  }

  private async setStatus(
    job: TfJob,
    replicaStatuses: Record<string, { active: number; succeeded: number; failed: number }>,
  ): Promise<void> {
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const total = Object.values(job.spec.tfReplicaSpecs).reduce((n, s) => n + (s.replicas ?? 1), 0);
    const active = Object.values(replicaStatuses).reduce((n, s) => n + s.active, 0);
    const have = new Set((job.status?.conditions ?? []).filter((c) => c.status === 'True').map((c) => c.type));
    const conditions = [...(job.status?.conditions ?? [])];
    const add = (type: string, reason: string, message: string) => {
      if (have.has(type)) return;
      conditions.push({ type, status: 'True', reason, message, lastUpdateTime: now, lastTransitionTime: now } as any);
    };
    add('Created', 'TFJobCreated', `TFJob ${job.metadata.name} is created.`);
    if (active === total && total > 0)
      add('Running', 'TFJobRunning', `TFJob ${job.metadata.namespace ?? this.ns}/${job.metadata.name} is running.`);
    const status = { conditions, replicaStatuses, startTime: (job.status as any)?.startTime ?? now };
    await this.api.json(
      'PATCH',
      `/apis/kubeflow.org/v1/namespaces/${this.ns}/tfjobs/${job.metadata.name}/status`,
      { status },
      'application/merge-patch+json',
    );
  }
}
