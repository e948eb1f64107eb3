/**
 * Build Training Image with docker, podman or buildah (the setting chooses; auto = the first that
 * works), optional push. The Dockerfile is the open one when one is open, the tag the last one built.
 */
import { fileOf, optionsOf, type CommandTarget } from '../../core/command-target';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkImageTag } from '../../core/apply/image-args';
import { isToolMissing } from '../../tools/find';
import { chooseBuilder, ImageBuilder, type FoundBuilder } from '../../tools/image-builder';
import { isCancelled } from '../../tools/process';
import { done, stopped, type ApplyDeps, type ApplyOutcome } from './deps';
import { editorFile } from './editor-file';
import { OPEN_SETTING } from './helm-tool';

export interface BuildImageArgs {
  dockerfile?: string;
  /** Default: the Dockerfile's folder. */
  contextDir?: string;
  tag?: string;
  push?: boolean;
}

const SHOW = 'Show Build Output';

export async function buildImage(deps: ApplyDeps, target: CommandTarget): Promise<ApplyOutcome> {
  const file = fileOf(target);
  const args: BuildImageArgs = file ? { dockerfile: file } : optionsOf<BuildImageArgs>(target);
  let found: FoundBuilder;
  try {
    const setting = deps.settings().imageBuilder;
    found = await deps.prompter.progress(
      setting === 'auto' ? 'Finding an image builder that works' : `Checking ${setting}`,
      () =>
        chooseBuilder(setting, deps.env(), {
          onProbe: (p) => {
            if (p.binary && p.problem) deps.log.warn(`image builder ${p.builder} (${p.binary}) skipped: ${p.problem}`);
          },
        }),
      { quiet: true },
    );
  } catch (e) {
    if (!isToolMissing(e)) throw e;
    void deps.prompter.error(e.message, {}, OPEN_SETTING).then((c) => {
      if (c === OPEN_SETTING) void deps.prompter.openSetting('alluxioDl.imageBuilder');
    });
    return stopped('builderMissing', e.message);
  }
  const builder = new ImageBuilder(found, deps.outputs.build, deps.env());
  let dockerfile = args.dockerfile;
  let fromEditor = false;
  if (!dockerfile) {
    const open = await editorFile(deps, 'dockerfile', 'Dockerfile to build');
    if (open.type === 'declined') return stopped('declined');
    fromEditor = open.type === 'file';
    dockerfile =
      open.type === 'file' ? open.path : (await deps.prompter.openFiles({ title: 'Dockerfile to build' }))?.[0];
  }
  if (!dockerfile) return stopped('declined');
  if (!fs.existsSync(dockerfile)) return stopped('dockerfileMissing', `${dockerfile} does not exist.`);
  const tag =
    args.tag ??
    (await deps.prompter.input({
      title: 'Image tag',
      value: deps.recent.builtImage() ?? 'mnist:pytorch',
      validate: checkImageTag,
    }));
  if (!tag) return stopped('declined');
  const bad = checkImageTag(tag);
  if (bad) return stopped('invalidTag', bad);
  let push = args.push;
  if (push === undefined) {
    push = await deps.prompter.pickOne(
      [
        { label: 'Build only', value: false },
        { label: `Build and push ${tag}`, value: true },
      ],
      { title: 'Build Training Image' },
    );
    if (push === undefined) return stopped('declined');
  }
  const contextDir = args.contextDir ?? path.dirname(dockerfile);
  const b = builder.found.builder;
  try {
    await deps.prompter.progress(`${b}: building ${tag}`, async (report, signal) => {
      report('build (Cancel stops it)');
      await builder.build({ contextDir, dockerfile, tag }, signal);
      if (push) {
        report(`push ${tag}`);
        await builder.push(tag, signal);
      }
    });
  } catch (e) {
    const message = isCancelled(e) ? `Build of ${tag} cancelled: ${b} was stopped.` : (e as Error).message;
    void deps.prompter[isCancelled(e) ? 'warn' : 'error'](message, {}, SHOW).then((c) => {
      if (c === SHOW) deps.outputs.build.show();
    });
    return stopped(isCancelled(e) ? 'cancelled' : 'buildFailed', message);
  }
  await deps.recent.rememberBuiltImage(tag);
  const message = `${push ? 'Built and pushed' : 'Built'} ${tag} with ${b}.`;
  deps.log.info(message);
  void deps.prompter.info(message);
  return done(push ? 'pushed' : 'built', message, {
    builder: b,
    tag,
    ...(fromEditor ? { file: dockerfile } : {}),
  });
}
