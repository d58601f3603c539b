// What every IPC call goes through, as a plain function (no electron import) so a unit test
// can drive it: sender check first, then the shared validating dispatcher.
import type { Envelope } from '../contract/api';
import { dispatch, type Handlers } from '../core/api/dispatch';
import { isTrustedSender, type SenderInfo } from './secure-web-preferences';

export type GuardedCall = (sender: SenderInfo, channel: string, payload: unknown) => Promise<Envelope<unknown>>;

export function guardedIpc(handlers: Handlers, log: (line: string) => void): GuardedCall {
  return async (sender, channel, payload) => {
    if (!isTrustedSender(sender)) {
      log(`ipc: refused ${channel} from an untrusted frame (${sender.frameUrl ?? 'no frame'})`);
      return { ok: false, error: { code: 'forbidden', message: 'Demande refusée : origine non autorisée.' } };
    }
    return dispatch(handlers, channel, payload, (ch, err) => log(`ipc ${ch} failed: ${String(err)}`));
  };
}
