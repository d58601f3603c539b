// Desktop downloads (attestation, evidence package, diagnostics, original): the renderer
// names an export by its opaque id; main shows the save dialog (the user's Downloads folder,
// the export's own name) and copies the file where the user chose. The renderer is told
// « saved » only after the copy is complete, so it never says « téléchargé » for nothing.
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { DOWNLOAD_CHANNEL, type DownloadOutcome, type Envelope } from '../contract/api';

export interface DownloadDeps {
  /** The engine's export registry (opaque id → file it wrote). */
  resolveExport(exportId: string): { path: string; fileName: string } | null;
  /** Same sender check as every other IPC call (our top frame, our origin). */
  trusted(event: IpcMainInvokeEvent): boolean;
  log(line: string): void;
}

function exportIdOf(payload: unknown): string | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const id = (payload as { exportId?: unknown }).exportId;
  return typeof id === 'string' && /^[\w-]{1,100}$/.test(id) ? id : null;
}

/** One download: dialog, then copy. Exported for the module-boundary test. */
export async function saveExport(
  deps: DownloadDeps,
  event: IpcMainInvokeEvent,
  payload: unknown,
): Promise<Envelope<DownloadOutcome>> {
  if (!deps.trusted(event)) {
    deps.log('download: refused a request from an untrusted frame');
    return { ok: false, error: { code: 'forbidden', message: 'Demande refusée : origine non autorisée.' } };
  }
  const exportId = exportIdOf(payload);
  const entry = exportId ? deps.resolveExport(exportId) : null;
  if (!entry)
    return {
      ok: false,
      error: { code: 'not_found', message: 'Ce fichier n’est plus disponible : demandez-le de nouveau.' },
    };
  const options = {
    title: 'Enregistrer le fichier',
    defaultPath: path.join(app.getPath('downloads'), entry.fileName),
    buttonLabel: 'Enregistrer',
  };
  const window = BrowserWindow.fromWebContents(event.sender);
  const choice = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  if (choice.canceled || !choice.filePath) return { ok: true, value: { saved: false } };
  try {
    await copyFile(entry.path, choice.filePath);
  } catch (error) {
    deps.log(`download: copy to the chosen place failed: ${String(error)}`);
    return {
      ok: false,
      error: {
        code: 'write_failed',
        message: `Le fichier n’a pas pu être enregistré dans « ${choice.filePath} ». Choisissez un autre dossier.`,
      },
    };
  }
  return { ok: true, value: { saved: true, savedTo: choice.filePath } };
}

export function registerDownloads(deps: DownloadDeps): void {
  ipcMain.handle(DOWNLOAD_CHANNEL, (event, payload: unknown) => saveExport(deps, event, payload));
}
