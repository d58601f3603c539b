// The classification search box: by code prefix (`7.`), by words of the official label, and
// by everyday words (« cantine » → 8.1 Enseignement), accent-insensitive, in the collectivité's
// list when it has one, else in the national base.
import { CLASSIFICATION, type ClassificationEntry } from './classification';
import { suggestClassification } from './classification-keywords';

function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

/**
 * UI search: by code prefix (`7.`) or by words of the label, accent-insensitive, in the
 * collectivité's list when it has one, else in the national base.
 */
export function searchClassification(
  query: string,
  limit = 20,
  list: readonly ClassificationEntry[] = CLASSIFICATION,
): ClassificationEntry[] {
  const q = fold(query);
  if (!q) return list.slice(0, limit);
  const words = q.split(/\s+/).filter(Boolean);
  const scored: Array<{ e: ClassificationEntry; score: number }> = [];
  for (const e of list) {
    const label = fold(e.label);
    let score = -1;
    if (e.code === q) score = 100;
    else if (/^[0-9.]+$/.test(q) && e.code.startsWith(q)) score = 80 - e.code.length;
    else if (words.every((w) => label.includes(w))) score = label.startsWith(words[0] ?? '') ? 60 : 40;
    if (score >= 0) scored.push({ e, score });
  }
  // Everyday words rank after the official label's own words.
  for (const s of suggestClassification(query, list, limit))
    if (!scored.some((x) => x.e.code === s.code))
      scored.push({ e: { code: s.code, label: s.label }, score: 20 + s.score / 100 });
  scored.sort((a, b) => b.score - a.score || compareCodes(a.e.code, b.e.code));
  return scored.slice(0, limit).map((s) => s.e);
}

function compareCodes(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d) return d;
  }
  return 0;
}
