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
// - dialog.showOpenDialog([window,] options) → Promise<{ canceled, filePaths }>: `nextOpen`.
// - shell.openPath(path) → Promise<string>: '' when the file manager took it, else Electron's
//   error text (`openPathFailure`); every call recorded in `openedPaths`.
// - new Tray(image): setToolTip / setImage / setContextMenu recorded on `trays`.
// - Menu.buildFromTemplate(items): the template itself (items with label, enabled, click).
// - app.getLoginItemSettings() / app.setLoginItemSettings({ openAtLogin, args }): `loginItem`.
// - nativeImage.createFromPath(p): { path, isEmpty() } — empty when the file does not exist,
//   as Electron's is; createEmpty().
// - new Notification({ title, body, silent, urgency }), Notification.isSupported(): show,
//   close (emits 'close'), on('click' | 'close'); every instance recorded in `notifications`.
// - app.commandLine.getSwitchValue(name): the value of `--name=value` among `switches` (the
//   command line Electron was started with), '' when absent, as Electron answers.
// - app.relaunch({ args }) / app.exit(code): recorded in `relaunches` / `exits` (nothing ends).
import { existsSync } from 'node:fs';
import type { IpcMainInvokeEvent } from 'electron';

export interface FakeImage {
  path: string | null;
  isEmpty(): boolean;
}

export interface FakeMenuItem {
  label?: string;
  type?: string;
  enabled?: boolean;
  click?: () => void;
}

export interface FakeTray {
  image: FakeImage;
  tooltip: string;
  menu: FakeMenuItem[];
  tooltips: string[];
}

export interface FakeNotification {
  options: { title: string; body?: string; silent?: boolean; urgency?: string };
  shown: boolean;
  closed: boolean;
  click(): void;
}

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

export interface FakeElectron {
  handlers: Map<string, Handler>;
  saveDialogCalls: { window: unknown; options: { defaultPath?: string; title?: string } }[];
  /** What the next save dialog answers: a path, or null for « Annuler ». */
  nextSave: string | null;
  /** When set, the save dialog stays open until this settles (the user still choosing). */
  saveGate: Promise<void> | null;
  downloadsDir: string;
  exposed: Record<string, unknown>;
  nextOpen: string | null;
  openDialogCalls: { window: unknown; options: { properties?: string[]; title?: string } }[];
  openedPaths: string[];
  /** What shell.openPath answers: '' = opened. */
  openPathFailure: string;
  trays: FakeTray[];
  notifications: FakeNotification[];
  loginItem: { openAtLogin: boolean; args: string[]; writes: number };
  /** The Chromium switches of the command line this (fake) process was started with. */
  switches: Record<string, string>;
  relaunches: { args?: string[] }[];
  exits: number[];
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
    saveGate: null,
    downloadsDir,
    exposed: {},
    nextOpen: null,
    openDialogCalls: [],
    openedPaths: [],
    openPathFailure: '',
    trays: [],
    notifications: [],
    loginItem: { openAtLogin: false, args: [], writes: 0 },
    switches: {},
    relaunches: [],
    exits: [],
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
      getLoginItemSettings: () => ({ openAtLogin: fake.loginItem.openAtLogin }),
      setLoginItemSettings: (s: { openAtLogin: boolean; args?: string[] }) => {
        fake.loginItem = { openAtLogin: s.openAtLogin, args: s.args ?? [], writes: fake.loginItem.writes + 1 };
      },
      commandLine: {
        getSwitchValue: (name: string) => fake.switches[name] ?? '',
        hasSwitch: (name: string) => name in fake.switches,
      },
      relaunch: (options: { args?: string[] } = {}) => fake.relaunches.push(options),
      exit: (code = 0) => fake.exits.push(code),
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
        if (fake.saveGate) await fake.saveGate;
        return fake.nextSave === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: fake.nextSave };
      },
      showOpenDialog: async (a: unknown, b?: unknown) => {
        const [win, options] = b === undefined ? [null, a] : [a, b];
        fake.openDialogCalls.push({ window: win, options: options as { properties?: string[] } });
        return fake.nextOpen === null
          ? { canceled: true, filePaths: [] }
          : { canceled: false, filePaths: [fake.nextOpen] };
      },
    },
    shell: {
      openPath: async (p: string) => {
        fake.openedPaths.push(p);
        return fake.openPathFailure;
      },
    },
    nativeImage: {
      createFromPath: (p: string): FakeImage => ({ path: p, isEmpty: () => !existsSync(p) }),
      createEmpty: (): FakeImage => ({ path: null, isEmpty: () => true }),
    },
    Menu: { buildFromTemplate: (items: FakeMenuItem[]) => items },
    Tray: class {
      readonly state: FakeTray;
      constructor(image: FakeImage) {
        this.state = { image, tooltip: '', menu: [], tooltips: [] };
        fake.trays.push(this.state);
      }
      setToolTip(text: string) {
        this.state.tooltip = text;
        this.state.tooltips.push(text);
      }
      setImage(image: FakeImage) {
        this.state.image = image;
      }
      setContextMenu(menu: FakeMenuItem[]) {
        this.state.menu = menu;
      }
    },
    Notification: class {
      static isSupported() {
        return true;
      }
      private readonly listeners = new Map<string, (() => void)[]>();
      readonly record: FakeNotification;
      constructor(options: FakeNotification['options']) {
        this.record = { options, shown: false, closed: false, click: () => this.emit('click') };
        fake.notifications.push(this.record);
      }
      on(event: string, listener: () => void) {
        this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
        return this;
      }
      show() {
        this.record.shown = true;
      }
      close() {
        if (this.record.closed) return;
        this.record.closed = true;
        this.emit('close');
      }
      private emit(event: string) {
        for (const l of this.listeners.get(event) ?? []) l();
      }
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
