// Registers one IPC handler per contract channel. Every call is checked for its sender
// (top frame of one of our windows, on our origin) and validated by the shared dispatcher.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { CHANNEL_NAMES, EVENT_CHANNEL, ipcChannel, type CoreEvent, type Envelope } from '../../preload/api';
import { dispatch, type Handlers } from '../core/api/dispatch';
import { isTrustedSender } from './secure-web-preferences';
import { isOurWebContents } from './window-factory';

function senderOf(event: IpcMainInvokeEvent) {
  const frame = event.senderFrame;
  return {
    frameUrl: frame?.url ?? null,
    isMainFrame: frame !== null && frame !== undefined && frame === event.sender.mainFrame,
    fromKnownWindow: isOurWebContents(event.sender),
  };
}

export function registerIpc(handlers: Handlers, log: (line: string) => void): void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(ipcChannel(channel), async (event, payload: unknown): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(senderOf(event))) {
        log(`ipc: refused ${channel} from an untrusted frame`);
        return { ok: false, error: { code: 'forbidden', message: 'Demande refusée : origine non autorisée.' } };
      }
      return dispatch(handlers, channel, payload, (ch, err) => log(`ipc ${ch} failed: ${String(err)}`));
    });
  }
}

export function forwardEvents(subscribe: (l: (e: CoreEvent) => void) => () => void, targets: () => WebContents[]) {
  return subscribe((event) => {
    for (const wc of targets()) if (!wc.isDestroyed()) wc.send(EVENT_CHANNEL, event);
  });
}
