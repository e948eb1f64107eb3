/**
 * What the explorer asks an HDFS release, through the namenode pod: its summary from JMX over a
 * port-forward (trying Hadoop 3's 9870, then Hadoop 2's 50070, unless a port is given), else
 * `hdfs dfsadmin -report` by exec in a pod that has the client; folder listings and content
 * summaries from WebHDFS. Typed results or typed errors.
 */
import {
  NAMENODE_HTTP_PORTS,
  parseContentSummary,
  parseListStatus,
  parseNamenodeJmx,
  remoteException,
  webhdfsPath,
  type ContentSummary,
  type HdfsEntry,
  type HdfsSummary,
} from '../../core/data/hdfs-rest';
import { parseDfsadminReport } from '../../core/data/hdfs-shell';
import { isObject, parseJson } from '../../core/data/json';
import { failed, succeeded, type Outcome } from '../../core/data/outcome';
import type { ClusterClient } from '../cluster-client';
import { parsed } from './alluxio-fetch';
import { lastLine, runInPod, type PodContainer } from './pod-exec';
import { PodHttp, type GetOptions } from './pod-http';

export interface Namenode {
  namespace: string;
  pod: string;
  /** the namenode's HTTP port; undefined = try 9870, then 50070 */
  httpPort?: number;
}

export interface HdfsStatus extends HdfsSummary {
  source: 'jmx' | 'shell';
  /** the HTTP port that answered */
  httpPort?: number;
  jmxError?: string;
}

const FS_STATE = '/jmx?qry=Hadoop:service=NameNode,name=FSNamesystemState';
const NN_INFO = '/jmx?qry=Hadoop:service=NameNode,name=NameNodeInfo';

/**
 * Opens a forward to the namenode's HTTP port: the given one as is, else the first of 9870 and 50070
 * that answers JMX (whose answer is kept, so the status needs no second request).
 */
async function openNamenode(
  client: ClusterClient,
  nn: Namenode,
  what: string,
  options: GetOptions,
): Promise<Outcome<{ http: PodHttp; port: number; fsState?: string }>> {
  if (nn.httpPort) {
    const opened = await PodHttp.open(client, { namespace: nn.namespace, pod: nn.pod, port: nn.httpPort }, what);
    return opened.ok ? succeeded({ http: opened.value, port: nn.httpPort }) : opened;
  }
  const ports = [...NAMENODE_HTTP_PORTS];
  let last: Outcome<never> | undefined;
  for (const port of ports) {
    const opened = await PodHttp.open(client, { namespace: nn.namespace, pod: nn.pod, port }, what);
    if (!opened.ok) {
      if (opened.error.kind === 'forbidden' || opened.error.kind === 'aborted') return opened;
      last = opened;
      continue;
    }
    const fsState = await opened.value.get(FS_STATE, what, options);
    if (fsState.ok) return succeeded({ http: opened.value, port, fsState: fsState.value });
    opened.value.dispose();
    if (fsState.error.kind === 'aborted') return fsState;
    last = fsState;
  }
  return last ?? failed('refused', what, 'no namenode HTTP port to try', '');
}

/** Capacity, used, remaining, datanodes from JMX over a port-forward. */
async function statusFromJmx(
  client: ClusterClient,
  nn: Namenode,
  what: string,
  options: GetOptions,
): Promise<Outcome<HdfsStatus>> {
  const opened = await openNamenode(client, nn, what, options);
  if (!opened.ok) return opened;
  const { http, port } = opened.value;
  try {
    const fsState =
      opened.value.fsState !== undefined ? succeeded(opened.value.fsState) : await http.get(FS_STATE, what, options);
    if (!fsState.ok) return fsState;
    const info = await http.get(NN_INFO, what, options);
    const texts = info.ok ? [fsState.value, info.value] : [fsState.value];
    const summary = parsed(what, () => parseNamenodeJmx(...texts));
    return summary.ok ? succeeded({ ...summary.value, source: 'jmx', httpPort: port }) : summary;
  } finally {
    http.dispose();
  }
}

/** Capacity, used, remaining, datanodes: JMX first, then `hdfs dfsadmin -report` in `shellPod` if given. */
export async function fetchHdfsStatus(
  client: ClusterClient,
  nn: Namenode,
  shellPod?: PodContainer,
  options: GetOptions = {},
): Promise<Outcome<HdfsStatus>> {
  const what = `HDFS namenode ${nn.namespace}/${nn.pod}`;
  const jmx = await statusFromJmx(client, nn, what, options);
  if (jmx.ok || !shellPod || jmx.error.kind === 'aborted') return jmx;
  const report = await runInPod(client, shellPod, ['hdfs', 'dfsadmin', '-report'], `${what} (shell)`, {
    signal: options.signal,
  });
  if (!report.ok) return report;
  if (report.value.exitCode !== 0) {
    return failed(
      'failed',
      `${what} (shell)`,
      `hdfs dfsadmin -report exited ${report.value.exitCode}: ${lastLine(report.value.stderr)}`,
      `JMX failed too: ${jmx.error.message}`,
    );
  }
  return succeeded({ ...parseDfsadminReport(report.value.stdout), source: 'shell', jmxError: jmx.error.message });
}

/** A WebHDFS answer: 2xx parsed; a RemoteException (FileNotFound → 'missing') as a typed error. */
async function webhdfs<T>(
  client: ClusterClient,
  nn: Namenode,
  path: string,
  op: 'LISTSTATUS' | 'GETCONTENTSUMMARY',
  parse: (text: string) => T,
  options: GetOptions,
): Promise<Outcome<T>> {
  const what = `HDFS ${op} ${path}`;
  const opened = await openNamenode(client, nn, what, options);
  if (!opened.ok) return opened;
  try {
    const answer = await opened.value.http.request(webhdfsPath(path, op), what, options);
    if (!answer.ok) return answer;
    const { status, body } = answer.value;
    if (status >= 200 && status < 300) return parsed(what, () => parse(body));
    let remote: { exception: string; message: string } | undefined;
    try {
      const j = parseJson(body, what);
      remote = isObject(j) ? remoteException(j) : undefined;
    } catch {
      remote = undefined;
    }
    if (remote?.exception === 'FileNotFoundException' || (status === 404 && !remote)) {
      return failed(
        'missing',
        what,
        remote?.message || `${path} not found (HTTP 404)`,
        'Check the path, or upload the data.',
      );
    }
    if (remote?.exception === 'AccessControlException') {
      return failed(
        'forbidden',
        what,
        remote.message,
        'HDFS permissions refuse this user; WebHDFS runs as the dr.who user unless told otherwise.',
      );
    }
    return failed('failed', what, remote ? `${remote.exception}: ${remote.message}` : `HTTP ${status}`, '');
  } finally {
    opened.value.http.dispose();
  }
}

/** One HDFS folder's entries (sizes, children counts) for the lazily expanding browser. */
export function listHdfs(
  client: ClusterClient,
  nn: Namenode,
  path: string,
  options: GetOptions = {},
): Promise<Outcome<HdfsEntry[]>> {
  return webhdfs(client, nn, path, 'LISTSTATUS', parseListStatus, options);
}

/** Files, folders and bytes under an HDFS path. */
export function hdfsContentSummary(
  client: ClusterClient,
  nn: Namenode,
  path: string,
  options: GetOptions = {},
): Promise<Outcome<ContentSummary>> {
  return webhdfs(client, nn, path, 'GETCONTENTSUMMARY', parseContentSummary, options);
}
