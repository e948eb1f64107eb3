// The sandbox's Alluxio: a real master and worker (Alluxio's LocalAlluxioCluster, one JVM) on 127.0.0.1 and
// random ports, with a MEM tier and 16 MB blocks. It starts at once, then waits for the sandbox's HDFS URL to
// appear in URL_FILE (HDFS starts alongside), mounts hdfs://…/data at /data, prints `READY rpc=PORT web=PORT`
// and serves until killed. Usage: java -cp JARS SandboxAlluxio URL_FILE [KEY=VALUE...]
import alluxio.AlluxioURI;
import alluxio.client.file.FileSystem;
import alluxio.conf.Configuration;
import alluxio.conf.PropertyKey;
import alluxio.master.LocalAlluxioCluster;
import java.lang.reflect.Field;
import java.net.URI;
import org.apache.hadoop.fs.Path;

public final class SandboxAlluxio {
  private static final String HOST = "127.0.0.1";

  public static void main(String[] args) throws Exception {
    if (args.length < 1) throw new IllegalArgumentException("usage: SandboxAlluxio URL_FILE [KEY=VALUE...]");
    LocalAlluxioCluster cluster = new LocalAlluxioCluster(1, false);
    cluster.initConfiguration("sandbox");
    Field hostname = cluster.getClass().getSuperclass().getDeclaredField("mHostname");
    hostname.setAccessible(true);
    hostname.set(cluster, HOST);
    String[] loopback = {
      "alluxio.master.hostname", "alluxio.master.bind.host", "alluxio.master.web.hostname",
      "alluxio.master.web.bind.host", "alluxio.worker.hostname", "alluxio.worker.bind.host",
      "alluxio.worker.web.hostname", "alluxio.worker.web.bind.host",
      "alluxio.job.master.hostname", "alluxio.job.master.bind.host",
      "alluxio.job.master.web.bind.host", "alluxio.job.worker.bind.host", "alluxio.job.worker.web.bind.host",
      "alluxio.user.hostname", "alluxio.proxy.web.bind.host", "alluxio.proxy.web.hostname",
    };
    for (String key : loopback) set(key, HOST);
    // Free ports picked here, not Alluxio's fixed defaults (19998/19999...): several sandboxes may run at once.
    String[] ports = {
      "alluxio.master.rpc.port", "alluxio.master.web.port", "alluxio.master.embedded.journal.port",
      "alluxio.worker.rpc.port", "alluxio.worker.web.port", "alluxio.job.master.rpc.port",
      "alluxio.job.master.web.port", "alluxio.job.master.embedded.journal.port", "alluxio.job.worker.rpc.port",
      "alluxio.job.worker.data.port", "alluxio.job.worker.web.port", "alluxio.proxy.web.port",
    };
    for (String key : ports) set(key, freePort());
    set("alluxio.user.block.size.bytes.default", "16MB");
    set("alluxio.worker.ramdisk.size", "256MB");
    set("alluxio.worker.tieredstore.level0.dirs.quota", "256MB");
    for (int i = 1; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq <= 0) throw new IllegalArgumentException("not KEY=VALUE: " + args[i]);
      set(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    cluster.start();
    System.out.println("STARTED master and worker");
    java.nio.file.Path urlFile = java.nio.file.Paths.get(args[0]);
    while (!java.nio.file.Files.exists(urlFile)) Thread.sleep(100);
    String hdfs = new String(java.nio.file.Files.readAllBytes(urlFile), "UTF-8").trim();
    // The UFS path must exist before it is mounted.
    org.apache.hadoop.conf.Configuration hconf = new org.apache.hadoop.conf.Configuration();
    try (org.apache.hadoop.fs.FileSystem ufs = org.apache.hadoop.fs.FileSystem.get(URI.create(hdfs), hconf)) {
      ufs.mkdirs(new Path(hdfs + "/data"));
    }
    FileSystem fs = cluster.getClient();
    long deadline = System.currentTimeMillis() + 120_000;
    for (;;) {
      try {
        fs.mount(new AlluxioURI("/data"), new AlluxioURI(hdfs + "/data"));
        break;
      } catch (Exception e) {
        if (System.currentTimeMillis() > deadline) throw e;
        System.out.println("mount /data not yet: " + e.getMessage());
        Thread.sleep(500);
      }
    }
    int web = cluster.getLocalAlluxioMaster().getMasterProcess().getWebAddress().getPort();
    System.out.println("READY rpc=" + cluster.getMasterRpcPort() + " web=" + web);
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        cluster.stop();
      } catch (Exception e) {
        e.printStackTrace();
      }
    }));
    Thread.currentThread().join();
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
      return s.getLocalPort();
    }
  }

  private static void set(String key, Object value) {
    Configuration.set(PropertyKey.fromString(key), value);
  }
}
