// A real HDFS for the sandbox: Hadoop's MiniDFSCluster (one NameNode, one DataNode) on 127.0.0.1 with
// random ports, data under args[0]. Prints `READY hdfs://127.0.0.1:PORT http=HTTP_PORT` (the namenode's web
// port: JMX, WebHDFS) on stdout when it serves, then
// runs until it is signalled (SIGTERM runs the shutdown hook). Started by test/sandbox/hdfs/index.ts.
import java.io.File;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

public class MiniDfs {
  public static void main(String[] args) throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(args[0]).getAbsolutePath());
    conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
    conf.set("dfs.namenode.http-address", "127.0.0.1:0");
    conf.set("dfs.datanode.address", "127.0.0.1:0");
    conf.set("dfs.datanode.http.address", "127.0.0.1:0");
    conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
    conf.setBoolean("dfs.permissions.enabled", false);
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).nameNodePort(0).format(true).build();
    cluster.waitActive();
    System.out.println(
        "READY hdfs://127.0.0.1:" + cluster.getNameNodePort() + " http=" + cluster.getNameNode().getHttpAddress().getPort());
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(cluster::shutdown));
    Thread.currentThread().join();
  }
}
