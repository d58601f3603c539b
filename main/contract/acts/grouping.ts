// « Un acte, un formulaire »: which dropped files make one act (the act, its annexes and
// signature files), as the user confirmed it in the drop dialog. It travels with the intake
// request; the engine checks it against the drop BEFORE sealing anything, then links the
// documents. Metadata only: the sealed bytes never change.
import { z } from 'zod';

/** Roles a file can have inside an act other than the act itself. */
export const ATTACHMENT_ROLES = ['annex', 'signature'] as const;
export type AttachmentRole = (typeof ATTACHMENT_ROLES)[number];

/** At most this many files in one act (an act and its annexes: @CTES allows far fewer). */
export const GROUP_ATTACHMENTS_MAX = 200;
/** At most one group per file of a drop (the intake channels take 10 000 files). */
export const GROUPS_MAX = 10_000;

const fileRef = z.string().min(1).max(4096);

/**
 * One act of the drop. `act` and `file` name entries of the request itself: a path of
 * `paths` (intakePaths) or an id of `uploadIds` (intakeUploaded).
 */
export const fileGroupSchema = z
  .object({
    act: fileRef,
    attachments: z
      .array(z.object({ file: fileRef, role: z.enum(ATTACHMENT_ROLES) }).strict())
      .max(GROUP_ATTACHMENTS_MAX),
  })
  .strict();
export const fileGroupsSchema = z
  .array(fileGroupSchema)
  .max(GROUPS_MAX)
  .refine(
    (gs) => gs.reduce((n, g) => n + 1 + g.attachments.length, 0) <= GROUPS_MAX,
    `Le regroupement nomme plus de fichiers qu’un dépôt ne peut en contenir (${GROUPS_MAX.toLocaleString('fr-FR')}).`,
  );
export type FileGroup = z.infer<typeof fileGroupSchema>;

/** The same, by position in the list of dropped files (what the renderer hands its bridge). */
export interface DropGroup {
  act: number;
  attachments: Array<{ file: number; role: AttachmentRole }>;
}

/** DropGroup → FileGroup: positions replaced by the request's own references. */
export function groupsByReference(groups: readonly DropGroup[], refs: ReadonlyArray<string | null>): FileGroup[] {
  const out: FileGroup[] = [];
  for (const g of groups) {
    const act = refs[g.act];
    if (!act) continue;
    const attachments = g.attachments.flatMap((a) => {
      const file = refs[a.file];
      return file ? [{ file, role: a.role }] : [];
    });
    out.push({ act, attachments });
  }
  return out;
}

/**
 * What is wrong with a grouping given the request's references (French, for the user), or
 * null. Every file at most once (as an act or an attachment), never attached to itself, and
 * only files of this drop.
 */
export function groupingProblem(groups: readonly FileGroup[], refs: readonly string[], shown = (r: string) => r) {
  if (groups.length > refs.length)
    return `Le regroupement compte ${groups.length} actes pour ${refs.length} fichiers déposés : il est refusé.`;
  const known = new Set(refs);
  const seen = new Set<string>();
  for (const g of groups) {
    for (const ref of [g.act, ...g.attachments.map((a) => a.file)]) {
      if (!known.has(ref))
        return `Le regroupement nomme un fichier qui ne fait pas partie de ce dépôt (« ${shown(ref)} ») : rien n’a été enregistré.`;
    }
    for (const a of g.attachments)
      if (a.file === g.act)
        return `« ${shown(a.file)} » ne peut pas être une pièce jointe de lui-même : rien n’a été enregistré.`;
    for (const ref of [g.act, ...g.attachments.map((a) => a.file)]) {
      if (seen.has(ref))
        return `« ${shown(ref)} » figure deux fois dans le regroupement (un fichier appartient à un seul acte) : rien n’a été enregistré.`;
      seen.add(ref);
    }
  }
  return null;
}
