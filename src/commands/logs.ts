import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { jobOf, withOptions, type CommandTarget } from '../core/command-target';
import { parseFollowArgs } from '../core/log-pipeline/follow-args';
import type { JobRef } from '../core/log-pipeline/pods';
import type { CommandTable } from '../platform/commands';
import { UserError } from '../platform/commands';
import type { Config } from '../platform/config';
import type { Prompter } from '../platform/prompter';
import type { FollowOptions } from '../follow/job-follower';
import type { FollowSession, LogsService } from '../follow/logs-service';
import type { TrainingCurves } from '../views/training-curve';

export interface LogsDeps {
  logs: LogsService;
  curves: TrainingCurves;
  config: Config;
  prompter: Prompter;
  /** where Open as Editor writes the saved logs */
  storageDir: string;
}

/** Options a caller (a test, another command) may pass besides the job. */
export type FollowOverrides = Partial<FollowOptions>;

async function pickJob(deps: LogsDeps): Promise<(JobRef & { replicas?: number }) | undefined> {
  const jobs = await deps.logs.jobs();
  if (jobs.length === 0)
    throw new UserError(
      'No TFJob or PyTorchJob found in the cluster. Submit one (arena submit tf ...) or follow a pod from the explorer.',
    );
  return deps.prompter.pickOne(
    jobs.map((j) => ({ label: j.name, description: `${j.kind} · ${j.namespace}`, value: j })),
    { title: 'Follow Logs of a Training Job', placeHolder: 'Job' },
  );
}

async function pickSession(
  deps: LogsDeps,
  target: CommandTarget,
  title: string,
  onlyRunning: boolean,
): Promise<FollowSession | undefined> {
  const ref = jobOf(target);
  if (ref) return deps.logs.session(ref);
  const sessions = deps.logs.all.filter((s) => !onlyRunning || s.follower);
  if (sessions.length === 0)
    throw new UserError(
      onlyRunning ? 'No job is being followed.' : 'No job has been followed yet: run "Follow Logs" first.',
    );
  if (sessions.length === 1) return sessions[0];
  return deps.prompter.pickOne(
    sessions.map((s) => ({
      label: s.job.name,
      description: `${s.job.kind} · ${s.job.namespace}${s.follower ? '' : ' · stopped'}`,
      value: s,
    })),
    { title },
  );
}

function options(deps: LogsDeps, ref: { replicas?: number }, overrides: FollowOverrides | undefined): FollowOptions {
  const settings = deps.config.get();
  return {
    tail: settings.logTail,
    timestamps: settings.logTimestamps,
    previous: false,
    expectedReplicas: ref.replicas,
    ...(overrides ?? {}),
  };
}

/** Follow Logs, Stop Following, Open as Editor, Show Training Curve. */
export function logsCommands(deps: LogsDeps): CommandTable {
  const follow = async (target: CommandTarget, overrides?: FollowOverrides): Promise<FollowSession | undefined> => {
    const ref = jobOf(target) ?? (await pickJob(deps));
    if (!ref) return undefined;
    return deps.logs.follow(
      { namespace: ref.namespace, kind: ref.kind, name: ref.name },
      options(deps, ref, overrides),
    );
  };
  return {
    'alluxioDl.followLogs': { run: (t, overrides?: FollowOverrides) => follow(t, overrides) },
    'alluxioDl.followLogsWithOptions': {
      run: async (t) => {
        const ref = jobOf(t) ?? (await pickJob(deps));
        if (!ref) return undefined;
        const s = deps.config.get();
        const text = await deps.prompter.input({
          title: `Follow Logs of ${ref.name}: options`,
          value: `--tail=${s.logTail}${s.logTimestamps ? ' --timestamps' : ''}`,
          prompt:
            'As arena logs / kubectl logs: --tail=N (-1: all), --since=10m, --timestamps, -c CONTAINER, --previous',
          validate: (v) => {
            const r = parseFollowArgs(v);
            return r.ok ? undefined : r.error;
          },
        });
        if (text === undefined) return undefined;
        const parsed = parseFollowArgs(text);
        if (!parsed.ok) throw new UserError(parsed.error);
        return follow(withOptions(ref), parsed.value);
      },
    },
    'alluxioDl.stopFollowing': {
      run: async (t) => {
        const s = await pickSession(deps, t, 'Stop Following', true);
        if (s) deps.logs.stop(s.job);
      },
    },
    'alluxioDl.openLogAsEditor': {
      run: async (t) => {
        const s = await pickSession(deps, t, 'Open Log as Editor', false);
        if (!s) return undefined;
        const text = s.output.retainedText();
        const st = s.output.stats;
        fs.mkdirSync(deps.storageDir, { recursive: true });
        const stamp = new Date().toISOString().replace(/[:.]/g, '-');
        const file = path.join(deps.storageDir, `${s.job.namespace}-${s.job.name}-${stamp}.log`);
        fs.writeFileSync(file, text);
        const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
        await vscode.window.showTextDocument(doc, { preview: false });
        const kept = `${st.retained} lines (${(st.retainedChars / 1e6).toFixed(1)} MB)`;
        void deps.prompter.info(
          st.dropped > 0
            ? `Alluxio DL: saved the last ${kept} of ${s.job.name} to ${file}; ${st.dropped} earlier lines are no longer kept (at most ${s.output.options.maxLines} lines or ${s.output.options.maxChars / 1e6} M characters are retained).`
            : `Alluxio DL: saved all ${kept} of ${s.job.name} to ${file}.`,
        );
        return file;
      },
    },
    'alluxioDl.showTrainingCurve': {
      run: async (t) => {
        let ref: JobRef | undefined = jobOf(t);
        if (!ref) {
          const sessions = deps.logs.all;
          if (sessions.length === 0) {
            const job = await pickJob(deps);
            if (!job) return undefined;
            await follow(withOptions(job));
            ref = job;
          } else {
            ref = (await pickSession(deps, { type: 'none' }, 'Show Training Curve', false))?.job;
          }
        }
        if (!ref) return undefined;
        return deps.curves.show({ namespace: ref.namespace, kind: ref.kind, name: ref.name });
      },
    },
  };
}
