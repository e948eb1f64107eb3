import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  parseContentSummary,
  parseFileStatus,
  parseListStatus,
  parseNamenodeJmx,
  webhdfsPath,
} from '../../../src/core/data/hdfs-rest';
import { parseDfsadminReport, parseDfsCount, parseDfsLs } from '../../../src/core/data/hdfs-shell';
import { hadoop, hadoopShell } from './fixtures';

test('namenode JMX: capacity, used, remaining, live/dead datanodes, version', () => {
  const s = parseNamenodeJmx(hadoop('jmx.FSNamesystemState.json'), hadoop('jmx.NameNodeInfo.json'));
  assert.equal(s.version, '3.3.6');
  assert.equal(s.capacity, 1082212696064);
  assert.equal(s.state, 'Operational');
  assert.equal(s.safeMode, false);
  assert.deepEqual([s.liveDatanodes, s.deadDatanodes], [2, 0]);
  assert.equal(s.datanodes.length, 2);
  assert.ok(s.datanodes.every((d) => d.state === 'live' && (d.capacity ?? 0) > 0));
});

test('a stopped datanode shows as dead in both beans', () => {
  const s = parseNamenodeJmx(
    hadoop('jmx.FSNamesystemState.dead-datanode.json'),
    hadoop('jmx.NameNodeInfo.dead-datanode.json'),
  );
  assert.deepEqual([s.liveDatanodes, s.deadDatanodes], [1, 1]);
  assert.deepEqual(s.datanodes.map((d) => d.state).sort(), ['dead', 'live']);
  const dead = s.datanodes.find((d) => d.state === 'dead');
  assert.equal(dead?.capacity, undefined);
});

test('one bean alone is enough; the other bean’s fields stay unknown', () => {
  const s = parseNamenodeJmx(hadoop('jmx.FSNamesystemState.json'));
  assert.equal(s.liveDatanodes, 2);
  assert.equal(s.version, undefined);
  assert.deepEqual(s.datanodes, []);
});

test('WebHDFS: folder listing, file status, content summary; a missing path is a RemoteException', () => {
  const list = parseListStatus(hadoop('webhdfs.LISTSTATUS.raw.json'));
  assert.deepEqual(
    list.map((e) => [e.name, e.length]),
    [
      ['t10k-images-idx3-ubyte.gz', 1648877],
      ['t10k-labels-idx1-ubyte.gz', 4542],
      ['train-images-idx3-ubyte.gz', 9912422],
      ['train-labels-idx1-ubyte.gz', 28881],
    ],
  );
  const root = parseListStatus(hadoop('webhdfs.LISTSTATUS.root.json'));
  assert.deepEqual([root[0].name, root[0].isDir, root[0].children], ['data', true, 2]);
  assert.equal(parseFileStatus(hadoop('webhdfs.GETFILESTATUS.file.json')).length, 9912422);
  assert.deepEqual(parseContentSummary(hadoop('webhdfs.GETCONTENTSUMMARY.data.json')), {
    directories: 4,
    files: 4,
    length: 11594722,
    spaceConsumed: 34784166,
    quota: undefined,
    spaceQuota: undefined,
  });
  assert.throws(
    () => parseListStatus(hadoop('webhdfs.LISTSTATUS.missing.json')),
    /FileNotFoundException: File \/no\/such\/path does not exist/,
  );
  assert.equal(webhdfsPath('/data/my set', 'LISTSTATUS'), '/webhdfs/v1/data/my%20set?op=LISTSTATUS');
  assert.equal(webhdfsPath('/', 'GETCONTENTSUMMARY'), '/webhdfs/v1/?op=GETCONTENTSUMMARY');
});

test('dfsadmin -report: totals and datanodes, live and dead', () => {
  const r = parseDfsadminReport(hadoopShell('dfsadmin-report.txt'));
  assert.equal(r.capacity, 1082212696064);
  assert.equal(r.used, 23468988);
  assert.equal(r.remaining, 264200159232);
  assert.equal(r.liveDatanodes, 2);
  assert.equal(r.datanodes.length, 2);
  assert.equal(r.datanodes[0].capacity, 541106348032);
  const dead = parseDfsadminReport(hadoopShell('dfsadmin-report.dead-datanode.txt'));
  assert.deepEqual([dead.liveDatanodes, dead.deadDatanodes], [1, 1]);
  assert.deepEqual(
    dead.datanodes.map((d) => d.state),
    ['live', 'dead'],
  );
});

test('Hadoop 2’s older report header is read too', () => {
  const r = parseDfsadminReport('Configured Capacity: 100 (100 B)\nDatanodes available: 3 (4 total, 1 dead)\n');
  assert.deepEqual([r.capacity, r.liveDatanodes, r.deadDatanodes], [100, 3, 1]);
});

test('dfs -count and -ls: counts, sizes, folders', () => {
  const counts = parseDfsCount(hadoopShell('count.data.txt'));
  assert.deepEqual(counts.entries, [
    { path: '/data', directories: 4, files: 4, bytes: 11594722, quota: undefined, spaceQuota: undefined },
    { path: '/data/MNIST/raw', directories: 1, files: 4, bytes: 11594722, quota: undefined, spaceQuota: undefined },
  ]);
  // -h prints "11.1 M": not a byte count, so not read as one
  assert.equal(parseDfsCount(hadoopShell('count-q.data.txt')).entries.length, 0);
  const ls = parseDfsLs(hadoopShell('ls-R.data.txt'));
  assert.equal(ls.skipped, 0);
  assert.deepEqual(
    ls.entries.filter((e) => e.isDir).map((e) => e.path),
    ['/data/MNIST', '/data/MNIST/raw', '/data/empty'],
  );
  assert.deepEqual(
    parseDfsLs(hadoopShell('ls.raw.txt')).entries.map((e) => [e.size, e.replication]),
    [
      [1648877, 3],
      [4542, 3],
      [9912422, 3],
      [28881, 3],
    ],
  );
});
