// Diagnostics for training-image Dockerfiles, on a real parser (dockerfile-ast).
import type * as DockerfileAst from 'dockerfile-ast';
import type { Problem } from '../checks/types';
import { qualifiedImageName } from './image-name';
import { clip, DEFAULT_LIMITS, formatSize } from '../yaml/limits';
import { LineIndex } from '../yaml/lines';

/** `exists(name)`: whether a file of the build context exists (undefined: unknown, not checked). */
export function checkDockerfile(
  text: string,
  exists?: (name: string) => boolean,
  maxChars = DEFAULT_LIMITS.maxChars,
): Problem[] {
  if (text.length > maxChars)
    return [
      {
        start: 0,
        end: new LineIndex(text.slice(0, 4096)).lineEnd(0),
        severity: 'error',
        code: 'limit',
        message: `This Dockerfile is ${formatSize(text.length)}, larger than the ${formatSize(maxChars)} Alluxio DL checks; it is not checked.`,
      },
    ];
  // Loaded on first use, not at import (activation stays cheap).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DockerfileParser } = require('dockerfile-ast') as typeof DockerfileAst;
  const df = DockerfileParser.parse(text);
  const lines = new LineIndex(text);
  const off = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) => ({
    start: lines.offsetAt(r.start),
    end: lines.offsetAt(r.end),
  });
  const problems: Problem[] = [];
  const instructions = df.getInstructions();
  const firstLine = { start: 0, end: lines.lineEnd(0) };
  const froms = df.getFROMs();
  if (!froms.length) {
    problems.push({
      ...firstLine,
      severity: 'error',
      code: 'dockerfile',
      message:
        'No FROM: a training image needs a base image, e.g. FROM docker.io/pytorch/pytorch:1.4-cuda10.1-cudnn7-devel.',
    });
  } else {
    const first = instructions.find((i) => !['ARG'].includes(i.getKeyword()));
    if (first && first.getKeyword() !== 'FROM')
      problems.push({
        ...off(first.getRange()),
        severity: 'error',
        code: 'dockerfile',
        message: `${clip(first.getKeyword(), 40)} before FROM: the first instruction (after ARG) must be FROM.`,
      });
    const stages = new Set<string>();
    for (const f of froms) {
      const name = f.getImageName();
      // getImageName() leaves out the registry: a name with one is qualified.
      const full = name && !f.getRegistry() && !stages.has(name.toLowerCase()) ? qualifiedImageName(name) : undefined;
      const stage = f.getBuildStage();
      if (stage) stages.add(stage.toLowerCase());
      if (full) {
        const range = off(f.getImageNameRange() ?? f.getRange());
        problems.push({
          ...range,
          severity: 'warning',
          code: 'short-name',
          message: `${clip(name!)} is a short name: buildah and podman refuse it unless an unqualified-search registry is configured (docker assumes docker.io). Write the full name, ${clip(full)}.`,
          fixes: [
            {
              title: `Use the full name ${clip(full)}`,
              edits: [{ start: range.start, end: range.start, newText: full.slice(0, full.length - name!.length) }],
              preferred: true,
            },
          ],
        });
      }
      if (!name)
        problems.push({
          ...off(f.getRange()),
          severity: 'error',
          code: 'dockerfile',
          message: 'FROM needs an image name.',
        });
      else if (!f.getImageTag() && !f.getImageDigest() && name !== 'scratch' && !name.startsWith('$'))
        problems.push({
          ...off(f.getImageNameRange() ?? f.getRange()),
          severity: 'warning',
          code: 'dockerfile',
          message: `${clip(name)} has no tag: it means :latest, which changes under you. Pin a tag, e.g. ${clip(name)}:1.4-cuda10.1-cudnn7-devel.`,
        });
    }
  }
  const entries = [...df.getCMDs(), ...df.getENTRYPOINTs()];
  if (!entries.length) {
    problems.push({
      ...(froms[0] ? off(froms[0].getRange()) : firstLine),
      severity: 'warning',
      code: 'dockerfile',
      message:
        'No CMD or ENTRYPOINT: the job must then give the whole command line (arena submit ... "python /mnist.py").',
    });
  }
  // The script the entry point runs must be copied in.
  const copied = new Map<string, { start: number; end: number }>();
  for (const ins of instructions) {
    const kw = ins.getKeyword();
    if (kw !== 'COPY' && kw !== 'ADD') continue;
    const args = ins.getArguments().filter((a) => !a.getValue().startsWith('--'));
    if (args.length < 2) {
      problems.push({
        ...off(ins.getRange()),
        severity: 'error',
        code: 'dockerfile',
        message: `${kw} needs a source and a destination, e.g. ${kw} mnist.py /.`,
      });
      continue;
    }
    const dest = args[args.length - 1].getValue();
    for (const src of args.slice(0, -1)) {
      const name = src.getValue();
      const base = name.split('/').pop()!;
      const target = dest.endsWith('/') ? `${dest}${base}` : dest;
      copied.set(target, off(src.getRange()));
      if (exists && !/[*?$]/.test(name) && !/^https?:/.test(name) && !exists(name))
        problems.push({
          ...off(src.getRange()),
          severity: 'error',
          code: 'dockerfile',
          message: `${clip(name)} is not in the build context (the Dockerfile's folder): the build fails at this ${kw}.`,
        });
    }
  }
  for (const ins of entries) {
    const args = ins.getArguments().map((a) => a.getValue().replace(/^\[?"?|"?,?\]?$/g, ''));
    const script = args.find((a) => /\.(py|sh)$/.test(a));
    if (!script) continue;
    const abs = script.startsWith('/') ? script : undefined;
    if (abs && !copied.has(abs) && ![...copied.keys()].some((k) => k.endsWith('/') && abs.startsWith(k))) {
      const r = ins.getArguments().find((a) => a.getValue().includes(script));
      problems.push({
        ...off((r ?? ins).getRange()),
        severity: 'warning',
        code: 'dockerfile',
        message: `${clip(script)} is run by ${ins.getKeyword()} but no COPY or ADD puts it there (e.g. ADD ${clip(script.split('/').pop() ?? '')} /).`,
      });
    }
  }
  return problems.sort((a, b) => a.start - b.start);
}
