// Routes the core's event stream to the domain stores. Subscribed once at start.
import type { CoreEvent } from '../../../main/contract/api';
import { onHostReconnect, sceau } from '../bridge';
import { invalidate, topicsOf } from '../data/topics';
import { frenchText } from '../lib/messages';
import { t } from '../i18n/fr';
import { useDocuments } from './documents';
import { useNotifications } from './notifications';
import { useSync } from './sync';

export function handleEvent(event: CoreEvent): void {
  route(event);
  // Then whatever lists show this domain refetch (throttled, data/query).
  invalidate(...topicsOf(event));
}

/** Documents refused lately: the core's grouped « N rejets à corriger » is about them. */
let refused: { id: string; at: number }[] = [];
const REFUSAL_WINDOW_MS = 60_000;

function route(event: CoreEvent): void {
  switch (event.type) {
    case 'document.state':
      // Outcomes (« 3 documents versés », « 1 rejet à corriger ») come grouped from the
      // core as `notification` events: no toast of our own here, or they would show twice.
      useDocuments.getState().stateChanged(event.documentId, event.to, event.reason);
      if (event.to === 'rejected') refused.push({ id: event.documentId, at: Date.now() });
      break;
    case 'seal.progress':
      useDocuments.getState().sealProgress({ path: event.path, bytes: event.bytes, totalBytes: event.totalBytes });
      break;
    case 'transfer.progress':
      useSync.getState().progress({
        transferId: event.transferId,
        profileId: event.profileId,
        sentBytes: event.sentBytes,
        totalBytes: event.totalBytes,
        rate: event.rate,
      });
      break;
    case 'connectivity':
      useSync
        .getState()
        .setConnectivity(event.profileId, { reachable: event.reachable, message: event.message, at: event.at });
      useSync.getState().patchStatus({ online: event.reachable });
      break;
    case 'sync.status':
      useSync.getState().patchStatus({ paused: event.paused, reason: event.reason, pendingCount: event.pendingCount });
      break;
    case 'capture.error':
      useNotifications
        .getState()
        .push('warning', t('toast.captureError', { path: event.path, message: event.message }));
      break;
    case 'notification': {
      // A refusal names its acts and links to them (the toast fetches their names).
      const now = Date.now();
      refused = refused.filter((r) => now - r.at < REFUSAL_WINDOW_MS);
      const ids = /rejets? à corriger/.test(event.title) ? [...new Set(refused.map((r) => r.id))] : [];
      if (ids.length > 0) refused = [];
      useNotifications.getState().push(event.level, frenchText(event.title), frenchText(event.body), undefined, ids);
      break;
    }
    case 'journal.verified':
      // A successful check is shown where it was asked for (Tableau de bord); a failure,
      // wherever the user is.
      if (!event.ok) useNotifications.getState().push('error', event.message);
      break;
  }
}

/** Every domain a screen may show: after a lost connection none of them can be trusted. */
const ALL_TOPICS = ['documents', 'sync', 'profiles', 'folders', 'classification', 'settings'] as const;

export function connectEvents(): () => void {
  const offEvents = sceau.onEvent(handleEvent);
  // The events sent while the page was cut off never arrive: refetch what is shown.
  const offReconnect = onHostReconnect(() => {
    invalidate(...ALL_TOPICS);
    void useSync
      .getState()
      .load()
      .catch(() => undefined);
  });
  return () => {
    offEvents();
    offReconnect();
  };
}
