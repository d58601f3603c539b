// Canonical JSON for hashing: object keys sorted, no spaces, undefined members dropped.
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonicalJson: non-finite number');
    if (typeof value === 'bigint') return value.toString();
    return JSON.stringify(value ?? null);
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  // One pass, no intermediate arrays: every journal entry goes through here.
  let out = '{';
  for (const k of sortedKeys(obj)) {
    const v = obj[k];
    if (v === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(k)}:${canonicalJson(v)}`;
  }
  return `${out}}`;
}

/**
 * Object.keys(obj).sort(), sorted in place by insertion: the same order (both compare UTF-16
 * code units), without the work arrays Array.prototype.sort allocates — a journal entry's
 * objects have a handful of keys, and a large deposit writes tens of thousands of entries.
 */
function sortedKeys(obj: object): string[] {
  const keys = Object.keys(obj);
  // Insertion sort is quadratic: a large object (never a journal entry's) takes the library sort.
  if (keys.length > 32) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > k) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = k;
  }
  return keys;
}
