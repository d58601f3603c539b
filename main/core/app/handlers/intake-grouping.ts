// The drop grouping (« un acte, un formulaire ») on its way in: checked against the drop
// BEFORE anything is sealed (a hostile or stale grouping is refused with a French message
// and nothing is recorded), then applied to the documents the intake created, in one
// transaction. The sealed bytes are never touched: grouping is metadata.
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { groupingProblem, type AttachmentRole, type FileGroup } from '../../../contract/acts/grouping';
import { UserError } from '../../api/dispatch';
import { applyGroup } from '../../capture/families';
import type { IntakeReport } from '../../capture/service';
import type { CoreEvent } from '../../events';
import type { EngineParts } from '../../parts';

/** A confirmed group with its files as the intake will see them (absolute paths). */
export interface PathGroup {
  act: string;
  attachments: Array<{ path: string; role: AttachmentRole }>;
}

type Resolve = (ref: string) => Promise<{ path: string; shown: string }>;

/**
 * Checks the grouping against the request's references and turns each reference into the
 * file path the intake will record. Throws a UserError (French) on anything wrong.
 */
export async function resolveGroups(
  groups: readonly FileGroup[] | undefined,
  refs: readonly string[],
  resolveRef: Resolve,
  shownRef: (ref: string) => string = (r) => r,
): Promise<PathGroup[]> {
  if (!groups || groups.length === 0) return [];
  const problem = groupingProblem(groups, refs, shownRef);
  if (problem) throw new UserError(problem);
  const seen = new Map<string, string>();
  const one = async (ref: string): Promise<string> => {
    const r = await resolveRef(ref);
    // Two spellings of one file (« a/./b.pdf », « a/b.pdf ») are still one file.
    if (seen.has(r.path))
      throw new UserError(
        `« ${r.shown} » figure deux fois dans le regroupement (un fichier appartient à un seul acte) : rien n’a été enregistré.`,
      );
    seen.set(r.path, ref);
    return r.path;
  };
  const out: PathGroup[] = [];
  for (const g of groups) {
    const act = await one(g.act);
    const attachments: PathGroup['attachments'] = [];
    for (const a of g.attachments) attachments.push({ path: await one(a.file), role: a.role });
    out.push({ act, attachments });
  }
  return out;
}

/** intakePaths: a reference is one of the dropped paths, and must be a file. */
export function pathResolver(): Resolve {
  return async (ref) => {
    const p = path.resolve(ref);
    const s = await lstat(p).catch(() => null);
    if (s?.isDirectory()) throw new UserError(notAFile(path.basename(p)));
    // A path that does not exist is told by the intake itself (« introuvable »).
    return { path: p, shown: path.basename(p) };
  };
}

/** intakeUploaded: a reference is an upload id whose folder holds exactly one file. */
export function uploadResolver(inboxDir: string): Resolve {
  return async (ref) => {
    const dir = path.join(inboxDir, ref);
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => null);
    if (!entries) throw new UserError('Un fichier déposé n’a pas été reçu en entier : déposez-le à nouveau.');
    const only = entries.length === 1 ? entries[0] : undefined;
    if (!only?.isFile()) throw new UserError(notAFile(only?.name ?? ref));
    return { path: path.join(dir, only.name), shown: only.name };
  };
}

function notAFile(name: string): string {
  return `« ${name} » est un dossier : seuls des fichiers peuvent former un acte avec ses annexes. Rien n’a été enregistré.`;
}

/** Links the documents the intake made, group by group, in one transaction; then tells the bus. */
export function applyGroups(
  p: Pick<EngineParts, 'db' | 'journal' | 'bus'>,
  groups: readonly PathGroup[],
  report: IntakeReport,
): void {
  if (groups.length === 0) return;
  const byPath = new Map<string, string>();
  for (const r of report.results) if ('documentId' in r) byPath.set(path.resolve(r.path), r.documentId);
  const events: CoreEvent[] = [];
  p.db
    .transaction(() => {
      for (const g of groups) {
        const actId = byPath.get(g.act);
        // The act was not taken (set aside, vanished): its attachments stay « à rattacher ».
        if (!actId) continue;
        const attachments = g.attachments.flatMap((a) => {
          const id = byPath.get(a.path);
          return id ? [{ id, role: a.role }] : [];
        });
        events.push(...applyGroup(p.db, p.journal, { actId, attachments }));
      }
    })
    .immediate();
  for (const e of events) p.bus.emit(e);
}
