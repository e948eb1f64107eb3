/**
 * The node selectors New Training Job offers: the one in the Alluxio config.yaml (the job must land
 * where the FUSE mount is) first, then the labels the cluster's nodes carry, with how many carry each.
 */
import { jsYaml } from '../yaml/js-yaml';
import { DEFAULT_LIMITS } from '../yaml/limits';

export interface SelectorOffer {
  /** key=value[,key=value] */
  selector: string;
  description: string;
}

const MAX_OFFERS = 50;
const MAX_LABEL = 317; // a label key (253 + / + 63) plus = and a 63-character value, about

/** `nodeSelector` of an Alluxio values text (top level, else fuse's), as key=value,…; undefined when none. */
export function valuesNodeSelector(text: string): string | undefined {
  if (text.length > DEFAULT_LIMITS.maxChars) return undefined;
  let v: any;
  try {
    v = jsYaml().load(text);
  } catch {
    return undefined;
  }
  const sel = v?.nodeSelector ?? v?.fuse?.nodeSelector;
  if (!sel || typeof sel !== 'object' || Array.isArray(sel)) return undefined;
  const pairs = Object.entries(sel)
    .filter(([, val]) => typeof val === 'string' || typeof val === 'number' || typeof val === 'boolean')
    .slice(0, 16)
    .map(([k, val]) => `${k}=${String(val)}`);
  return pairs.length ? pairs.join(',') : undefined;
}

export function selectorOffers(
  nodeLabels: readonly Record<string, string>[],
  configs: readonly { name: string; text: string }[],
): SelectorOffer[] {
  const out: SelectorOffer[] = [];
  const seen = new Set<string>();
  const counts = new Map<string, number>();
  for (const labels of nodeLabels.slice(0, 10_000))
    for (const [k, v] of Object.entries(labels).slice(0, 100)) {
      const kv = `${k}=${v}`;
      if (!k.includes('kubernetes.io/') && kv.length <= MAX_LABEL) counts.set(kv, (counts.get(kv) ?? 0) + 1);
    }
  for (const c of configs.slice(0, 10)) {
    const sel = valuesNodeSelector(c.text);
    if (!sel || seen.has(sel)) continue;
    seen.add(sel);
    const onNodes = sel.split(',').every((kv) => counts.has(kv));
    out.push({
      selector: sel,
      description: `nodeSelector in ${c.name}${onNodes ? '' : ' · no node carries it yet'}`,
    });
  }
  for (const [kv, n] of [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    if (out.length >= MAX_OFFERS) break;
    if (seen.has(kv)) continue;
    seen.add(kv);
    out.push({ selector: kv, description: `${n} node${n === 1 ? '' : 's'}` });
  }
  return out;
}

/** key=value,… into a map; entries without `=` are dropped. */
export function parseSelector(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of s.split(',').slice(0, 64)) {
    const at = kv.indexOf('=');
    if (at > 0) out[kv.slice(0, at).trim()] = kv.slice(at + 1).trim();
  }
  return out;
}
