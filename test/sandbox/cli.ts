// node out/test/sandbox/cli.js [--preload] [--hdfs] [--alluxio] [--name NAME] [--rate LINES_PER_SECOND]
// Starts a sandbox, prints its kubeconfig and control URL, runs until SIGINT/SIGTERM, then stops it.
import { serveControl, startSandbox } from './index';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const arg = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const sb = await startSandbox({
    preload: argv.includes('--preload'),
    hdfs: argv.includes('--hdfs'),
    alluxio: argv.includes('--alluxio'),
    name: arg('--name') ?? 'cli',
    logLinesPerSecond: arg('--rate') !== undefined ? Number(arg('--rate')) : undefined,
    onProgress: (m) => console.error(m),
  });
  const control = await serveControl(sb);
  console.log(`kubeconfig: ${sb.kubeconfig}`);
  console.log(`restricted kubeconfig: ${sb.restrictedKubeconfig}`);
  console.log(`server: ${sb.server}`);
  console.log(`control: ${control.url}  (info also in ${sb.dir}/sandbox.json)`);
  console.log(`export KUBECONFIG=${sb.kubeconfig}`);
  console.log(`export PATH=${sb.env.PATH.split(':').slice(0, 2).join(':')}:$PATH`);
  let stopping = false;
  const stop = async (sig: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`${sig}: stopping sandbox`);
    await control.close();
    await sb.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
