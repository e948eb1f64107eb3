/** Finding helm for a command; when it is missing, the message names alluxioDl.helmPath with a button. */
import { findTool, isToolMissing } from '../../tools/find';
import { Helm } from '../../tools/helm';
import { HelmError } from '../../tools/helm';
import { isCancelled } from '../../tools/process';
import { stopped, type ApplyDeps, type ApplyOutcome } from './deps';

export const OPEN_SETTING = 'Open Setting';
export const SHOW_OUTPUT = 'Show Helm Output';

export async function helmOrExplain(deps: ApplyDeps): Promise<Helm | ApplyOutcome> {
  const env = deps.env();
  try {
    const binary = findTool('helm', deps.settings().helmPath, 'alluxioDl.helmPath', env.PATH);
    return new Helm(binary, deps.outputs.helm, env);
  } catch (e) {
    if (!isToolMissing(e)) throw e;
    deps.log.warn(e.message);
    void deps.prompter.error(e.message, {}, OPEN_SETTING).then((c) => {
      if (c === OPEN_SETTING) void deps.prompter.openSetting('alluxioDl.helmPath');
    });
    return stopped('helmMissing', e.message);
  }
}

/** Common endings of a helm run: cancelled, helm failed (with its output one click away), or rethrow. */
export function explainHelmFailure(deps: ApplyDeps, e: unknown, cancelledMessage: string): ApplyOutcome {
  if (isCancelled(e)) {
    deps.log.info(cancelledMessage);
    void deps.prompter.warn(cancelledMessage, {}, SHOW_OUTPUT).then((c) => {
      if (c === SHOW_OUTPUT) deps.outputs.helm.show();
    });
    return stopped('cancelled', cancelledMessage);
  }
  if (e instanceof HelmError) {
    deps.log.error(e.message);
    void deps.prompter.error(e.message, {}, SHOW_OUTPUT).then((c) => {
      if (c === SHOW_OUTPUT) deps.outputs.helm.show();
    });
    return stopped('helmFailed', e.message, { stderr: e.result.stderr });
  }
  throw e;
}
