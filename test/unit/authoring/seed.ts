// Reads Alluxio's PyTorch-on-HDFS guide article (../shared/seed beside the repository, or $ALLUXIO_DL_SHARED/seed) and pulls out its files.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDir, sharedPath } from '../../fixtures/shared';

export { sharedDir };

/** The text of a file under the shared folder; throws naming it when missing. */
export function sharedFile(...rel: string[]): string {
  return readFileSync(sharedPath(...rel), 'utf8');
}

export function seedArticle(): string {
  const dir = join(sharedDir(), 'seed');
  if (!existsSync(dir)) throw new Error(`missing seed folder ${dir} (set ALLUXIO_DL_SHARED)`);
  const md = readdirSync(dir).find((f) => f.endsWith('.md'));
  if (!md) throw new Error(`missing seed article (*.md) in ${dir}`);
  return readFileSync(join(dir, md), 'utf8');
}

/** The config.yaml between `cat << EOF > config.yaml` and `EOF`. */
export function seedConfigYaml(): string {
  const m = /cat << EOF > config\.yaml\n([\s\S]*?)\nEOF/.exec(seedArticle());
  if (!m) throw new Error('the seed article has no `cat << EOF > config.yaml` block');
  return m[1] + '\n';
}

/** The Dockerfile block; the article's extraction lost its newlines, so they are restored at each instruction. */
export function seedDockerfile(): string {
  const m = /vim Dockerfile[\s\S]*?```\n(FROM[^\n]*)\n```/.exec(seedArticle());
  if (!m) throw new Error('the seed article has no Dockerfile block');
  return m[1].replace(/(?<=\S)(#|ADD |CMD )/g, '\n$1') + '\n';
}

/** The `arena submit tf` command's flags. */
export function seedArenaFlags(): Record<string, string> {
  const m = /arena submit tf \\\n([\s\S]*?)"python \/mnist\.py"/.exec(seedArticle());
  if (!m) throw new Error('the seed article has no `arena submit tf` command');
  const flags: Record<string, string> = {};
  for (const f of m[1].matchAll(/--([\w-]+)=(\S+)/g)) flags[f[1]] = f[2];
  return flags;
}
