// Toasts, grouped: repeated notifications collapse into one with a count. Document
// outcomes arrive already grouped from the core (« 8 documents versés »).
import { create } from 'zustand';

export type ToastLevel = 'info' | 'success' | 'warning' | 'error';

export interface Toast {
  id: number;
  level: ToastLevel;
  key: string;
  title: string;
  body: string;
  count: number;
  /** Documents the toast is about (a refusal): named, with a link to correct them. */
  documentIds?: string[];
}

interface NotificationsState {
  toasts: Toast[];
  push(level: ToastLevel, title: string, body?: string, key?: string, documentIds?: string[]): void;
  /** Replaces the toast with this key (used by grouped counters). */
  put(level: ToastLevel, key: string, title: string): void;
  dismiss(id: number): void;
}

let nextId = 1;
const MAX_TOASTS = 5;
const LIFETIME_MS = 8000;
const timers = new Map<number, number>();

export const useNotifications = create<NotificationsState>()((set, get) => {
  const schedule = (id: number, level: ToastLevel) => {
    const old = timers.get(id);
    if (old !== undefined) window.clearTimeout(old);
    // Errors stay until dismissed: the user must be able to read them.
    if (level === 'error') return;
    timers.set(
      id,
      window.setTimeout(() => get().dismiss(id), LIFETIME_MS),
    );
  };
  return {
    toasts: [],
    push: (level, title, body = '', key, documentIds) => {
      const groupKey = key ?? `${level}|${title}|${body}`;
      const existing = get().toasts.find((x) => x.key === groupKey);
      if (existing) {
        const updated = { ...existing, count: existing.count + 1 };
        set({ toasts: get().toasts.map((x) => (x.id === existing.id ? updated : x)) });
        schedule(existing.id, level);
        return;
      }
      const toast: Toast = { id: nextId++, level, key: groupKey, title, body, count: 1 };
      if (documentIds && documentIds.length > 0) toast.documentIds = documentIds;
      set({ toasts: [...get().toasts, toast].slice(-MAX_TOASTS) });
      // A refusal stays until read: it needs an action.
      schedule(toast.id, toast.documentIds ? 'error' : level);
    },
    put: (level, key, title) => {
      const existing = get().toasts.find((x) => x.key === key);
      if (existing) {
        set({ toasts: get().toasts.map((x) => (x.id === existing.id ? { ...x, title, level } : x)) });
        schedule(existing.id, level);
        return;
      }
      const toast: Toast = { id: nextId++, level, key, title, body: '', count: 1 };
      set({ toasts: [...get().toasts, toast].slice(-MAX_TOASTS) });
      schedule(toast.id, level);
    },
    dismiss: (id) => {
      const timer = timers.get(id);
      if (timer !== undefined) window.clearTimeout(timer);
      timers.delete(id);
      set({ toasts: get().toasts.filter((x) => x.id !== id) });
    },
  };
});
