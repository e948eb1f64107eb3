/** Server-side apply conflicts (409, FieldManagerConflict): who owns which fields. */

export interface ApplyConflict {
  managers: string[];
  fields: string[];
}

/**
 * Reads the API server's conflict message, e.g.
 *   Apply failed with 1 conflict: conflict with "kubectl" using kubeflow.org/v1: .spec.runPolicy.backoffLimit
 *   Apply failed with 2 conflicts: conflicts with "kubectl" using apps/v1:\n- .spec.replicas\n- .spec.x
 * Returns undefined when it is not such a message.
 */
export function parseApplyConflict(message: string): ApplyConflict | undefined {
  if (!/conflicts? with "/.test(message)) return undefined;
  const managers = [...new Set([...message.matchAll(/conflicts? with "([^"]+)"/g)].map((m) => m[1]))];
  const fields: string[] = [];
  for (const part of message.split(/conflicts? with "[^"]+"(?: using [^:\s]+)?:/).slice(1)) {
    for (const m of part.matchAll(/(?:^|[\s-])(\.[^\s,)]+)/g)) fields.push(m[1]);
  }
  return { managers, fields: [...new Set(fields)] };
}

export function describeConflict(c: ApplyConflict, object: string): string {
  const who = c.managers.map((m) => `"${m}"`).join(', ') || 'another field manager';
  const what = c.fields.length ? c.fields.join(', ') : 'some fields';
  return `${object} was not applied: ${what} ${c.fields.length === 1 ? 'is' : 'are'} owned by ${who}. Choose Force to take ownership (alluxio-dl becomes the manager of ${c.fields.length === 1 ? 'that field' : 'those fields'}), or change the other manager's object.`;
}
