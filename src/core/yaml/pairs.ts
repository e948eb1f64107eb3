// A mapping's own pairs by key. Most mappings hold a few pairs, so only the larger ones carry a Map
// (a Map costs more than a hundred bytes even when small), and only once a key is looked up.
import type { MapNode, Pair, ScalarNode, YamlNode } from './document';

/** The `merges` of every mapping without `<<:` (one shared, frozen list). */
export const NO_MERGES = Object.freeze([]) as unknown as YamlNode[];

/** Mappings of more pairs than this get a Map by key on their first lookup; smaller ones are searched. */
const INDEX_FROM = 8;

/** The pair of a mapping's own key (not through `<<:`); the last of duplicates, as when loading. */
export function ownPair(map: MapNode, key: string): Pair | undefined {
  // Built on the first lookup, not with the tree: the parse's peak memory stays lower (events, value and tree).
  if (!map.byKey && map.pairs.length > INDEX_FROM) map.byKey = indexPairs(map.pairs);
  if (map.byKey) return map.byKey.get(key);
  for (let i = map.pairs.length - 1; i >= 0; i--) {
    const p = map.pairs[i];
    if (!p.merge && p.key.text === key) return p;
  }
  return undefined;
}

/** The keys written a second (or later) time in one mapping, merge keys left out; O(n log n). */
export function duplicateKeys(pairs: readonly Pair[]): ScalarNode[] {
  if (pairs.length < 2) return [];
  const order: number[] = [];
  for (let i = 0; i < pairs.length; i++) if (!pairs[i].merge) order.push(i);
  const text = (i: number) => pairs[i].key.text;
  order.sort((a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : a - b));
  const out: ScalarNode[] = [];
  for (let j = 1; j < order.length; j++) if (text(order[j]) === text(order[j - 1])) out.push(pairs[order[j]].key);
  return out;
}

/** The Map of a mapping's own pairs by key, merge keys left out, the last of duplicates kept. */
export function indexPairs(pairs: readonly Pair[]): Map<string, Pair> {
  const byKey = new Map<string, Pair>();
  for (const p of pairs) if (!p.merge) byKey.set(p.key.text, p);
  return byKey;
}
