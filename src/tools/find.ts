/** Finds external programs: a configured path (a setting) or the first match on PATH. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A program that is neither configured nor on PATH; names the setting that points at it. */
export class ToolMissingError extends Error {
  constructor(
    readonly tool: string,
    readonly setting: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'ToolMissingError';
  }
}

export function isToolMissing(e: unknown): e is ToolMissingError {
  return e instanceof Error && e.name === 'ToolMissingError';
}

function isExecutable(file: string): boolean {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return false;
    if (process.platform === 'win32') return true;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable `name` on PATH (PATHEXT on Windows), or undefined. */
export function whichOnPath(
  name: string,
  envPath: string | undefined = process.env.PATH,
  pathExt: string | undefined = process.env.PATHEXT,
): string | undefined {
  const exts = process.platform === 'win32' ? ['', ...(pathExt ?? '.EXE;.CMD;.BAT').split(';')] : [''];
  for (const dir of (envPath ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * Resolves a tool: the configured path when set (it must exist and be executable), else PATH.
 * Throws ToolMissingError naming the setting.
 */
export function findTool(name: string, configured: string, setting?: string, envPath?: string): string {
  if (configured) {
    if (isExecutable(configured)) return configured;
    const onPath =
      !configured.includes('/') && !configured.includes('\\') ? whichOnPath(configured, envPath) : undefined;
    if (onPath) return onPath;
    throw new ToolMissingError(
      name,
      setting,
      `${name} was not found at "${configured}"${setting ? ` (setting ${setting})` : ''}: the file does not exist or is not executable. Fix the setting, or clear it to use ${name} from PATH.`,
    );
  }
  const found = whichOnPath(name, envPath);
  if (found) return found;
  throw new ToolMissingError(
    name,
    setting,
    `${name} was not found on PATH.${setting ? ` Install it, or set ${setting} to its full path.` : ` Install it and make sure it is on PATH.`}`,
  );
}
