// Electron preload (sandboxed): exposes `window.sceau`, named functions built from the
// contract — never ipcRenderer itself.
import './zod-jitless';
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import {
  buildInvokers,
  DOWNLOAD_CHANNEL,
  DROPPED_PATHS_CHANNEL,
  EVENT_CHANNEL,
  SceauApiError,
  type DownloadOutcome,
  ipcChannel,
  type CoreEvent,
  type Envelope,
  type SceauApi,
} from '../main/contract/api';
import { groupsByReference } from '../main/contract/acts/grouping';

const invokers = buildInvokers(
  (channel, request) => ipcRenderer.invoke(ipcChannel(channel), request) as Promise<Envelope<unknown>>,
);

const api: SceauApi = {
  ...invokers,
  onEvent(listener) {
    const wrapped = (_e: IpcRendererEvent, event: CoreEvent) => listener(event);
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
    };
  },
  async intakeFiles(profileId, files, groups) {
    const all = files.map((f) => webUtils.getPathForFile(f));
    const paths = all.filter((p) => p.length > 0);
    // Main takes only paths it was told about here (a real drop has them; a made-up File has none).
    await ipcRenderer.invoke(DROPPED_PATHS_CHANNEL, paths);
    // The acts confirmed at drop time name their files by path (a file without one is left out).
    const named =
      groups && groups.length > 0
        ? groupsByReference(
            groups,
            all.map((p) => p || null),
          )
        : [];
    return invokers.intakePaths({ profileId, paths, ...(named.length > 0 ? { groups: named } : {}) });
  },
  async download(ref) {
    // Main shows the save dialog and writes the file; « saved » comes back only once written.
    const envelope = (await ipcRenderer.invoke(DOWNLOAD_CHANNEL, {
      exportId: ref.exportId,
    })) as Envelope<DownloadOutcome>;
    if (!envelope.ok) throw new SceauApiError(envelope.error.code, envelope.error.message);
    return envelope.value;
  },
};

contextBridge.exposeInMainWorld('sceau', api);
