// Registers one IPC handler per contract channel; each call goes through guardedIpc (sender
// check: top frame of one of our windows on our origin; then zod validation).
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { CHANNEL_NAMES, EVENT_CHANNEL, ipcChannel, type CoreEvent } from '../contract/api';
import type { Handlers } from '../core/api/dispatch';
import { guardedIpc } from './ipc-guard';
import type { SenderInfo } from './secure-web-preferences';
import { isOurWebContents } from './window-factory';

export function senderOf(event: IpcMainInvokeEvent): SenderInfo {
  const frame = event.senderFrame;
  return {
    frameUrl: frame?.url ?? null,
    isMainFrame: frame !== null && frame !== undefined && frame === event.sender.mainFrame,
    fromKnownWindow: isOurWebContents(event.sender),
  };
}

export function registerIpc(handlers: Handlers, log: (line: string) => void): void {
  const call = guardedIpc(handlers, log);
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(ipcChannel(channel), (event, payload: unknown) => call(senderOf(event), channel, payload));
  }
}

export function forwardEvents(subscribe: (l: (e: CoreEvent) => void) => () => void, targets: () => WebContents[]) {
  return subscribe((event) => {
    for (const wc of targets()) if (!wc.isDestroyed()) wc.send(EVENT_CHANNEL, event);
  });
}
