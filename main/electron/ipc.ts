// Registers one IPC handler per contract channel; each call goes through guardedIpc (sender
// check: top frame of one of our windows on our origin; then zod validation).
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { CHANNEL_NAMES, DROPPED_PATHS_CHANNEL, EVENT_CHANNEL, ipcChannel, type CoreEvent } from '../contract/api';
import type { Handlers } from '../core/api/dispatch';
import { guardedIpc } from './ipc-guard';
import { isTrustedSender, type SenderInfo } from './secure-web-preferences';
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

/**
 * Paths of files the user really dropped: the preload reads them with webUtils.getPathForFile
 * (only a File from a real drop or file picker has one) and reports them here before calling
 * intakePaths. The renderer cannot reach this channel: window.sceau does not expose it.
 */
export function registerDropGrants(grant: (paths: string[]) => void, log: (line: string) => void): void {
  ipcMain.handle(DROPPED_PATHS_CHANNEL, (event, payload: unknown) => {
    if (!isTrustedSender(senderOf(event))) {
      log('ipc: refused dropped paths from an untrusted frame');
      return false;
    }
    const paths = Array.isArray(payload)
      ? payload.filter((p): p is string => typeof p === 'string' && p.length > 0 && p.length <= 4096).slice(0, 10_000)
      : [];
    grant(paths);
    return true;
  });
}

export function forwardEvents(subscribe: (l: (e: CoreEvent) => void) => () => void, targets: () => WebContents[]) {
  return subscribe((event) => {
    for (const wc of targets()) if (!wc.isDestroyed()) wc.send(EVENT_CHANNEL, event);
  });
}
