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
    'alluxioDl.installAlluxio': { runsTools: true, run: (t) => installChart(deps, 'alluxio', t) },
    'alluxioDl.installHdfs': { runsTools: true, run: (t) => installChart(deps, 'hdfs', t) },
    'alluxioDl.releaseHistory': { runsTools: true, run: (t) => releaseHistory(deps, t) },
    'alluxioDl.rollbackRelease': { runsTools: true, run: (t) => rollbackRelease(deps, t) },
    'alluxioDl.uninstallRelease': { runsTools: true, run: (t) => uninstallRelease(deps, t) },
    'alluxioDl.labelNodes': { run: (t) => labelNodes(deps, t) },
    'alluxioDl.buildImage': { runsTools: true, run: (t) => buildImage(deps, t) },
    'alluxioDl.uploadToHdfs': { run: (t) => uploadToHdfs(deps, t) },
    'alluxioDl.submitJob': { runsTools: true, run: (t) => submitJob(deps, t) },
  };
}
