// Core events as plain lines (journald, log files) or JSON lines (--json).
import type { CoreEvent } from '../core/events';
import { printable, type Output } from './output';
import { STATE_NAMES } from '../contract/messages';

export function describeEvent(e: CoreEvent): string | null {
  switch (e.type) {
    case 'document.state':
      return `document ${e.documentId} : ${e.from ? STATE_NAMES[e.from] : '∅'} → ${STATE_NAMES[e.to]}${e.reason ? ` (${e.reason})` : ''}`;
    case 'connectivity':
      return `archive ${e.reachable ? 'joignable' : 'injoignable'} (profil ${e.profileId}) : ${e.message}`;
    case 'sync.status':
      return `synchronisation ${e.paused ? `en pause (${e.reason ?? 'inconnue'})` : 'active'}, ${e.pendingCount} en attente`;
    case 'capture.error':
      return `erreur de capture ${printable(e.path)} : ${e.message}`;
    case 'notification':
      return `${e.level === 'error' ? 'ERREUR' : e.level === 'warning' ? 'ATTENTION' : 'info'} ${e.title} — ${e.body}`;
    case 'journal.verified':
      return `journal ${e.ok ? 'intègre' : 'ROMPU'} : ${e.message}`;
    case 'seal.progress':
    case 'transfer.progress':
      return null; // progress bars on a TTY; too chatty for line logs
  }
}

let stampAt = -1;
let stamp = '';

/** The line's time, made once per millisecond: a batch commit brings hundreds of events at once. */
function timestamp(): string {
  const now = Date.now();
  if (now !== stampAt) {
    stampAt = now;
    stamp = new Date(now).toISOString();
  }
  return stamp;
}

export function printEvent(out: Output, e: CoreEvent): void {
  if (out.json) {
    if (e.type !== 'seal.progress' && e.type !== 'transfer.progress') out.jsonLine(e);
    return;
  }
  if (e.type === 'transfer.progress') return out.progress(`envoi ${e.transferId}`, e.sentBytes, e.totalBytes, e.rate);
  if (e.type === 'seal.progress') return out.progress('scellement', e.bytes, e.totalBytes);
  const text = describeEvent(e);
  if (text) out.line(`${timestamp()} ${text}`);
}
