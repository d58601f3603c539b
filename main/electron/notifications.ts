// System notifications for the core's `notification` events, which the core already groups
// (« 3 documents versés », « 3 fichiers arrivés dans « Délibérations » »). The desktop adds:
// the user's « Notifications » setting is obeyed, a newer notice of the same kind replaces
// the one still on screen (no stack of « 2 … », « 3 … »), and a click opens the window.
import { Notification } from 'electron';
import type { CoreEvent } from '../contract/api';

export interface NotifierDeps {
  /** Settings → « Afficher les notifications du système ». */
  enabled(): boolean;
  openWindow(): void;
}

/** « 1 fichier arrivé dans « X » » and « 5 fichiers arrivés dans « X » » are one kind. */
export function notificationKind(title: string): string {
  return title
    .replace(/\d[\d\s\u202f\u00a0]*/gu, '#')
    .replace(/(\p{L})s(?=\P{L}|$)/gu, '$1')
    .trim();
}

export interface DesktopNotifier {
  onEvent(event: CoreEvent): void;
  /** Notifications shown so far (for the log and the tests). */
  shown(): number;
}

export function createDesktopNotifier(deps: NotifierDeps): DesktopNotifier {
  const onScreen = new Map<string, Notification>();
  let count = 0;
  return {
    onEvent(event) {
      if (event.type !== 'notification' || !deps.enabled() || !Notification.isSupported()) return;
      const kind = notificationKind(event.title);
      onScreen.get(kind)?.close();
      const n = new Notification({
        title: event.title,
        body: event.body,
        silent: event.level === 'info',
        urgency: event.level === 'error' || event.level === 'warning' ? 'normal' : 'low',
      });
      n.on('click', () => deps.openWindow());
      n.on('close', () => {
        if (onScreen.get(kind) === n) onScreen.delete(kind);
      });
      onScreen.set(kind, n);
      n.show();
      count += 1;
    },
    shown: () => count,
  };
}
