// Which local paths a caller may hand to the core (issue 16 §3). The web host's token must
// not mean the whole file system, and in the desktop shell a compromised renderer must not be able
// to deposit any file: paths are taken only when the host saw them come from a real drop
// or dialog (a short-lived grant) or when they lie inside a watched folder.
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../api/dispatch';

/**
 * 'any': in-process callers (the CLI's own arguments, tests).
 * 'granted': the desktop shell — dropped or chosen paths (granted by main) and watched folders.
 * 'uploads-only': the web host — files arrive as uploads; no path is taken for intake.
 */
export type FileAccessMode = 'any' | 'granted' | 'uploads-only';

/** A grant lasts long enough for the drop's intake call, not for later replays. */
export const GRANT_TTL_MS = 2 * 60_000;

export class FileAccess {
  private readonly grants = new Map<string, number>();

  constructor(
    readonly mode: FileAccessMode,
    private readonly watchedRoots: () => string[],
    private readonly now: () => number = Date.now,
    private readonly ttlMs = GRANT_TTL_MS,
  ) {}

  /** The host saw these paths come from a real drop or a native dialog. */
  grant(paths: readonly string[]): void {
    const until = this.now() + this.ttlMs;
    for (const p of paths) if (path.isAbsolute(p)) this.grants.set(path.resolve(p), until);
  }

  /** Paths handed for intake (drop): refused unless allowed by the mode. */
  checkIntake(paths: readonly string[]): void {
    if (this.mode === 'any') return;
    if (this.mode === 'uploads-only')
      throw new UserError(
        'Dans le navigateur, les fichiers se déposent par glisser-déposer ou par « Choisir des fichiers » : Sceau ne lit pas un chemin saisi.',
        'forbidden',
      );
    const refused = paths.filter((p) => !this.granted(p) && !this.inWatched(p));
    if (refused.length > 0)
      throw new UserError(
        `Sceau ne prend que les fichiers déposés dans sa fenêtre, choisis dans une boîte de dialogue ou placés dans un dossier surveillé (${refused.length} chemin(s) refusé(s)).`,
        'forbidden',
      );
  }

  /** A folder to list (rules preview): a watched folder, or one just chosen in a dialog. */
  checkBrowse(root: string): void {
    if (this.mode === 'any') return;
    if (this.inWatched(root) || (this.mode === 'granted' && this.granted(root))) return;
    throw new UserError(
      'L’aperçu des règles ne lit qu’un dossier surveillé ou un dossier choisi dans la boîte de dialogue.',
      'forbidden',
    );
  }

  /**
   * A folder to watch. The web host takes a typed path here (there is no dialog), so it is
   * kept to the user's own documents: under the home folder (or the temporary folder), never
   * a hidden folder — /etc or ~/.ssh cannot be watched to have their files sealed and handed
   * back. Hidden files inside a watched folder are never captured anyway.
   */
  checkWatch(root: string): void {
    if (this.mode !== 'uploads-only') return;
    const resolved = path.resolve(root);
    const bases = [os.homedir(), os.tmpdir()].map((b) => path.resolve(b));
    const base = bases.find((b) => isWithin(resolved, b));
    const hidden = base
      ? path
          .relative(base, resolved)
          .split(path.sep)
          .some((s) => s.startsWith('.'))
      : false;
    if (!base || hidden)
      throw new UserError(
        `Depuis le navigateur, Sceau ne surveille qu’un dossier de documents de votre dossier personnel (${bases[0]}), pas un dossier caché ni un dossier du système.`,
        'forbidden',
      );
  }

  private granted(p: string): boolean {
    const resolved = path.resolve(p);
    const now = this.now();
    for (const [g, until] of this.grants) {
      if (until < now) {
        this.grants.delete(g);
        continue;
      }
      if (isWithin(resolved, g)) return true;
    }
    return false;
  }

  private inWatched(p: string): boolean {
    const resolved = path.resolve(p);
    return this.watchedRoots().some((root) => isWithin(resolved, path.resolve(root)));
  }
}

/** `inner` is `outer` or lies under it (no `..` escape: both are resolved). */
export function isWithin(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(outer.endsWith(path.sep) ? outer : outer + path.sep);
}
