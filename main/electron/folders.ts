// The desktop's file-system actions for the contract: the folder picker (the chosen folder is
// granted, like a drop) and « Ouvrir le dossier » in the file manager. The renderer names a
// folder by id; the engine says its path; this module still opens only a folder the engine
// knows (its data folder or a watched folder) that exists — never a path from the renderer.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { dialog, shell, type BrowserWindow } from 'electron';
import type { OpenFolderResult, RequestOf } from '../contract/api';
import { UserError } from '../core/api/dispatch';

export interface DesktopFolderDeps {
  window(): BrowserWindow | null;
  /** The chosen folder may now be previewed and watched (FileAccess 'granted'). */
  grant(paths: string[]): void;
  /** The engine's own answer (its openFolder handler): the folder's path. */
  resolve(request: RequestOf<'openFolder'>): Promise<OpenFolderResult>;
  /** The folders the engine names: its data folder and every watched folder. */
  knownFolders(): string[];
  log(line: string): void;
}

export function desktopFolderHandlers(deps: DesktopFolderDeps) {
  return {
    async chooseFolder(): Promise<{ path: string | null }> {
      const options = { title: 'Choisir un dossier à surveiller', properties: ['openDirectory' as const] };
      const win = deps.window();
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      const chosen = result.canceled ? null : (result.filePaths[0] ?? null);
      if (chosen) deps.grant([chosen]);
      return { path: chosen };
    },

    async openFolder(request: RequestOf<'openFolder'>): Promise<OpenFolderResult> {
      const { path: target } = await deps.resolve(request);
      const resolved = path.resolve(target);
      if (!deps.knownFolders().some((k) => path.resolve(k) === resolved)) {
        deps.log(`openFolder: refused a folder the engine does not name: ${resolved}`);
        throw new UserError('Sceau n’ouvre que son dossier de données et les dossiers surveillés.', 'forbidden');
      }
      const info = await stat(resolved).catch(() => null);
      if (!info?.isDirectory())
        throw new UserError(`Le dossier « ${resolved} » est introuvable : il a peut-être été déplacé.`, 'not-found');
      // shell.openPath answers an error text, or '' when the file manager took it.
      const failure = await shell.openPath(resolved);
      if (failure) {
        deps.log(`openFolder: ${failure}`);
        return { opened: false, path: resolved };
      }
      return { opened: true, path: resolved };
    },
  };
}
