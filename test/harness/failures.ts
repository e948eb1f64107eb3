/**
 * The titles of the tests that failed, read from a reporter's output, so that the last lines of a run
 * (all CI keeps) say which tests failed, not only how many.
 */

const MAX_TITLE = 160;
const MAX_TITLES = 20;

/** Mocha's spec reporter: after "N failing", each failure opens with "  1) suite" and its title lines ending in ":". */
export function mochaFailures(output: string): string[] {
  const start = output.search(/^\s*\d+ failing\s*$/m);
  if (start < 0) return [];
  const lines = output.slice(start).split('\n');
  const titles: string[] = [];
  for (let i = 1; i < lines.length && titles.length < MAX_TITLES; i++) {
    const head = /^\s{2}(\d+)\) (.*)$/.exec(lines[i]!);
    if (!head) continue;
    const parts = [head[2]!.trim()];
    // The test's own title is on the next indented lines, the last one ending in ":".
    for (let j = i + 1; j < lines.length && j <= i + 4; j++) {
      const line = lines[j]!.trim();
      if (!line || /^\d+\) /.test(line)) break;
      parts.push(line.replace(/:$/, ''));
      if (line.endsWith(':')) break;
    }
    titles.push(clip(parts.join(' › ')));
  }
  return titles;
}

/** node:test's spec reporter: the "✖ failing tests:" section lists each failure as "✖ title (N ms)". */
export function nodeTestFailures(output: string): string[] {
  const start = output.indexOf('✖ failing tests:');
  if (start < 0) return [];
  const titles = new Set<string>();
  for (const line of output.slice(start).split('\n').slice(1)) {
    const m = /^\s*✖ (.*?)(?: \([\d.]+m?s\))?\s*$/.exec(line);
    if (m && titles.size < MAX_TITLES) titles.add(clip(m[1]!));
  }
  return [...titles];
}

function clip(title: string): string {
  return title.length > MAX_TITLE ? `${title.slice(0, MAX_TITLE - 1)}…` : title;
}
