// A mapping's own pairs by key. Most mappings hold a few pairs, so only the larger ones carry a Map:
// a Map costs more than a hundred bytes even when small, which is most of a dense file's tree.
import type { MapNode, Pair, YamlNode } from './document';

/** The `merges` of every mapping without `<<:` (one shared, frozen list). */
export const NO_MERGES = Object.freeze([]) as unknown as YamlNode[];

/** The pair of a mapping's own key (not through `<<:`); the last of duplicates, as when loading. */
export function ownPair(map: MapNode, key: string): Pair | undefined {
  if (map.byKey) return map.byKey.get(key);
  for (let i = map.pairs.length - 1; i >= 0; i--) {
    const p = map.pairs[i];
    if (!p.merge && p.key.text === key) return p;
  }
  return undefined;
}

/** Whether a mapping (while it is being built) already has the key. */
export function ownPairIn(map: MapNode, key: string): boolean {
  return ownPair(map, key) !== undefined;
}

/** The Map of a mapping's own pairs by key, merge keys left out, the last of duplicates kept. */
export function indexPairs(pairs: readonly Pair[]): Map<string, Pair> {
  const byKey = new Map<string, Pair>();
  for (const p of pairs) if (!p.merge) byKey.set(p.key.text, p);
  return byKey;
}
