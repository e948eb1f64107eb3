// node out/test/sandbox/fluid-build.js [--prebuilt DIR]
// Builds Fluid's dataset and AlluxioRuntime controllers into <cache>/bin/fluid-<version>/ (about 40 min cold on
// 2 busy cores; not part of npm test), or copies binaries already built the same way from DIR.
import { buildFluidControllers, fluidBinDir, fluidControllers } from './fluid';

async function main(): Promise<void> {
  const i = process.argv.indexOf('--prebuilt');
  const prebuilt = i >= 0 ? process.argv[i + 1] : process.env.ALLUXIO_DL_FLUID_PREBUILT;
  if (fluidControllers() && !process.argv.includes('--force')) {
    console.log(`fluid controllers already in ${fluidBinDir()}`);
    return;
  }
  await buildFluidControllers((m) => console.log(m), prebuilt);
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
