// Helm post-renderer shipped with the extension (dist/cli/postrender.js), run only for repairs the user
// approved in the install preview: `helm upgrade --install … --post-renderer NODE
// --post-renderer-args dist/cli/postrender.js --post-renderer-args --unserved=extensions/v1beta1 …`.
// Reads the rendered manifests on stdin, writes the repaired ones on stdout; exit 1 with a message on stderr.
import { MAX_MANIFEST_BYTES, parseRepairArgs, repairManifests } from '../core/apply/repairs';

function main(argv: string[]): void {
  let switches;
  try {
    switches = parseRepairArgs(argv);
  } catch (e) {
    process.stderr.write(`alluxio-dl post-renderer: ${(e as Error).message}\n`);
    process.exit(2);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  process.stdin.on('data', (d: Buffer) => {
    size += d.length;
    if (size > MAX_MANIFEST_BYTES) {
      process.stderr.write(`alluxio-dl post-renderer: more than ${MAX_MANIFEST_BYTES} bytes of manifests on stdin\n`);
      process.exit(1);
    }
    chunks.push(d);
  });
  process.stdin.on('end', () => {
    try {
      process.stdout.write(repairManifests(Buffer.concat(chunks).toString('utf8'), switches).text);
    } catch (e) {
      process.stderr.write(`alluxio-dl post-renderer: ${(e as Error).message}\n`);
      process.exit(1);
    }
  });
}

if (require.main === module) main(process.argv.slice(2));
