/** Apply from VS Code: Helm releases, node labels, dataset upload, image build and job submission. */
import type { CommandTable } from '../platform/commands';
import type { ApplyDeps } from './apply/deps';
import { buildImage } from './apply/image';
import { installChart } from './apply/install';
import { labelNodes } from './apply/labels';
import { releaseHistory, rollbackRelease, uninstallRelease } from './apply/releases';
import { submitJob } from './apply/submit';
import { uploadToHdfs } from './apply/upload';

export type { ApplyDeps } from './apply/deps';

export function applyCommands(deps: ApplyDeps): CommandTable {
  return {
    'alluxioDl.installAlluxio': { runsTools: true, run: (arg?: unknown) => installChart(deps, 'alluxio', arg) },
    'alluxioDl.installHdfs': { runsTools: true, run: (arg?: unknown) => installChart(deps, 'hdfs', arg) },
    'alluxioDl.releaseHistory': { runsTools: true, run: (arg?: unknown) => releaseHistory(deps, arg) },
    'alluxioDl.rollbackRelease': { runsTools: true, run: (arg?: unknown) => rollbackRelease(deps, arg) },
    'alluxioDl.uninstallRelease': { runsTools: true, run: (arg?: unknown) => uninstallRelease(deps, arg) },
    'alluxioDl.labelNodes': { run: (arg?: unknown) => labelNodes(deps, arg) },
    'alluxioDl.buildImage': { runsTools: true, run: (arg?: unknown) => buildImage(deps, arg) },
    'alluxioDl.uploadToHdfs': { run: (arg?: unknown) => uploadToHdfs(deps, arg) },
    'alluxioDl.submitJob': { runsTools: true, run: (arg?: unknown) => submitJob(deps, arg) },
  };
}
