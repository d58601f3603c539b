// What an intake answers, bounded whatever the size of the drop: counts per outcome, every
// document id (each once, in the order the files were met: the caller deposits them), and
// the outcomes themselves for the first RESULTS_LISTED files only.
import type { CandidateResult, IntakeReport } from './types';

/** Outcomes listed one by one; beyond that they are counted (and their documents listed). */
export const RESULTS_LISTED = 2000;
/** Errors listed one by one; beyond that counted in `unlisted`. */
const ERRORS_LISTED = 2000;

export class IntakeTally {
  private readonly results: CandidateResult[] = [];
  /** Document ids by the order the files were met (a slot is reserved when a file is taken). */
  private readonly ids: Array<string | null> = [];
  private readonly errors: Array<{ path: string; message: string }> = [];
  private readonly counts: Partial<Record<CandidateResult['kind'], number>> = {};
  private unlisted = 0;
  private met = 0;

  /** Reserves the place of the next file met; `settle` fills it with its outcome. */
  reserve(): number {
    this.ids.push(null);
    return this.met++;
  }

  settle(slot: number, r: CandidateResult): void {
    this.counts[r.kind] = (this.counts[r.kind] ?? 0) + 1;
    if ('documentId' in r) this.ids[slot] = r.documentId;
    if (slot < RESULTS_LISTED) this.results[slot] = r;
    else this.unlisted++;
    if (r.kind === 'error' || r.kind === 'locked') this.error({ path: r.path, message: r.message });
  }

  error(e: { path: string; message: string }): void {
    if (this.errors.length < ERRORS_LISTED) this.errors.push(e);
    else this.unlisted++;
  }

  report(): IntakeReport {
    const seen = new Set<string>();
    const documentIds: string[] = [];
    for (const id of this.ids)
      if (id !== null && !seen.has(id)) {
        seen.add(id);
        documentIds.push(id);
      }
    return {
      results: this.results.filter((r) => r !== undefined),
      created: this.counts.created ?? 0,
      errors: this.errors,
      documentIds,
      counts: this.counts,
      unlisted: this.unlisted,
    };
  }
}
