// A documented stand-in for the `electron` module, for tests of the desktop layer at its
// module boundary (the Electron binary cannot run on the dev/CI machines). It implements
// only what main/electron/downloads.ts and the built preload use, with Electron's own
// shapes (electron.d.ts, Electron 3x):
// - ipcMain.handle(channel, (event, ...args) => result): one handler per channel; `invoke`
//   below plays ipcRenderer.invoke's part and awaits it like Electron does.
// - dialog.showSaveDialog([window,] options) → Promise<{ canceled, filePath }>: the answer
//   is what the test says the user chose (`nextSave`), and every call is recorded.
// - app.getPath('downloads'): a temporary folder chosen by the test.
// - BrowserWindow.fromWebContents(contents): the window of a sender, or null.
// - contextBridge.exposeInMainWorld / ipcRenderer / webUtils: for the sandboxed preload.
import type { IpcMainInvokeEvent } from 'electron';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

export interface FakeElectron {
  handlers: Map<string, Handler>;
  saveDialogCalls: { window: unknown; options: { defaultPath?: string; title?: string } }[];
  /** What the next save dialog answers: a path, or null for « Annuler ». */
  nextSave: string | null;
  downloadsDir: string;
  exposed: Record<string, unknown>;
  /** ipcRenderer.invoke: runs main's handler with a sender of our window. */
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  module: Record<string, unknown>;
}

export function createFakeElectron(downloadsDir: string): FakeElectron {
  const window = { id: 1, title: 'Sceau' };
  const sender = { id: 1, mainFrame: {} };
  const fake: FakeElectron = {
    handlers: new Map(),
    saveDialogCalls: [],
    nextSave: null,
    downloadsDir,
    exposed: {},
    async invoke(channel, ...args) {
      const handler = fake.handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      const event = { sender, senderFrame: sender.mainFrame } as unknown as IpcMainInvokeEvent;
      return handler(event, ...args);
    },
    module: {},
  };
  fake.module = {
    app: {
      getPath: (name: string) => {
        if (name !== 'downloads') throw new Error(`fake electron: app.getPath('${name}') not modelled`);
        return fake.downloadsDir;
      },
    },
    ipcMain: {
      handle: (channel: string, handler: Handler) => {
        // Electron throws on a second handler for one channel: so does the fake.
        if (fake.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        fake.handlers.set(channel, handler);
      },
    },
    dialog: {
      showSaveDialog: async (a: unknown, b?: unknown) => {
        const [win, options] = b === undefined ? [null, a] : [a, b];
        fake.saveDialogCalls.push({ window: win, options: options as { defaultPath?: string } });
        return fake.nextSave === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: fake.nextSave };
      },
    },
    BrowserWindow: {
      fromWebContents: (contents: { id: number }) => (contents.id === sender.id ? window : null),
    },
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (fake.exposed[key] = api) },
    ipcRenderer: {
      invoke: (channel: string, ...args: unknown[]) => fake.invoke(channel, ...args),
      on: () => undefined,
      removeListener: () => undefined,
    },
    webUtils: { getPathForFile: () => '' },
  };
  return fake;
}
