/**
 * Answers carried forward: the release names and namespaces last used, the HDFS release last uploaded
 * to and the image last built are the defaults the next time a command asks (per workspace).
 */
export interface AnswerStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

export interface ReleaseRef {
  release: string;
  namespace: string;
}

const KEY = 'alluxioDl.recent.';
const MAX_TEXT = 256; // keys and values are names and image references: anything longer is not ours

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v && v.length <= MAX_TEXT ? v : undefined;
}

function releaseRef(v: unknown): ReleaseRef | undefined {
  const o = v as Partial<ReleaseRef> | undefined;
  const release = text(o?.release);
  const namespace = text(o?.namespace);
  return release && namespace ? { release, namespace } : undefined;
}

export class RecentAnswers {
  constructor(private readonly state: AnswerStore) {}

  /** The release last installed with a chart of this kind ('alluxio', 'hdfs'). */
  release(kind: string): ReleaseRef | undefined {
    return releaseRef(this.state.get(`${KEY}release.${kind}`));
  }

  async rememberRelease(kind: string, ref: ReleaseRef): Promise<void> {
    await this.state.update(`${KEY}release.${kind}`, { release: ref.release, namespace: ref.namespace });
  }

  /** The HDFS release whose client pod the last upload went through. */
  uploadRelease(): ReleaseRef | undefined {
    return releaseRef(this.state.get(`${KEY}uploadRelease`));
  }

  async rememberUploadRelease(ref: ReleaseRef): Promise<void> {
    await this.state.update(`${KEY}uploadRelease`, { release: ref.release, namespace: ref.namespace });
  }

  /** The image Build Training Image last built (or pushed). */
  builtImage(): string | undefined {
    return text(this.state.get(`${KEY}builtImage`));
  }

  async rememberBuiltImage(tag: string): Promise<void> {
    await this.state.update(`${KEY}builtImage`, tag);
  }
}
