/**
 * The open file a command uses instead of asking for a path (see core/apply/open-files): the one
 * that fits, a pick when several do, undefined when none does (the command then asks as before).
 * A file with unsaved changes is saved first, after asking, since the tools read it from disk.
 */
import * as path from 'node:path';
import { chooseOpenFile, type FileRole } from '../../core/apply/open-files';
import type { ApplyDeps } from './deps';

export const SAVE_AND_USE = 'Save and Use';
export const OTHER_FILE = 'Another file…';

export type EditorFile = { type: 'file'; path: string } | { type: 'none' } | { type: 'declined' };

export async function editorFile(deps: ApplyDeps, role: FileRole, title: string): Promise<EditorFile> {
  const choice = chooseOpenFile(role, deps.openEditors(), deps.settings().schemas);
  if (choice.type === 'none') return { type: 'none' };
  let file = choice.type === 'one' ? choice.file : undefined;
  if (choice.type === 'several') {
    const picked = await deps.prompter.pickOne(
      [
        ...choice.files.map((f) => ({ label: path.basename(f.path), description: f.path, value: f.path })),
        { label: OTHER_FILE, value: '' },
      ],
      { title },
    );
    if (picked === undefined) return { type: 'declined' };
    if (!picked) return { type: 'none' };
    file = choice.files.find((f) => f.path === picked);
  }
  if (!file) return { type: 'none' };
  if (file.dirty) {
    const go = await deps.prompter.warn(
      `${path.basename(file.path)} has unsaved changes; the command reads the file as saved.`,
      { modal: true },
      SAVE_AND_USE,
    );
    if (go !== SAVE_AND_USE) return { type: 'declined' };
    if (!(await deps.saveFile(file.path))) return { type: 'declined' };
  }
  deps.log.info(`${title}: using the open file ${file.path}`);
  return { type: 'file', path: file.path };
}
