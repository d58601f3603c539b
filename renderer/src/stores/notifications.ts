// Toasts, grouped: repeated notifications collapse into one with a count, and document
// outcomes arriving in bursts become « 8 documents versés », « 1 rejet à corriger ».
import { create } from 'zustand';
import { t } from '../i18n/fr';

export type ToastLevel = 'info' | 'success' | 'warning' | 'error';

export interface Toast {
  id: number;
  level: ToastLevel;
  key: string;
  title: string;
  body: string;
  count: number;
}

type Outcome = 'accepted' | 'rejected' | 'failed';

interface NotificationsState {
  toasts: Toast[];
  push(level: ToastLevel, title: string, body?: string, key?: string): void;
  /** Replaces the toast with this key (used by grouped counters). */
  put(level: ToastLevel, key: string, title: string): void;
  dismiss(id: number): void;
  outcome(kind: Outcome): void;
}

let nextId = 1;
const MAX_TOASTS = 5;
const LIFETIME_MS = 8000;
const timers = new Map<number, number>();
const pendingOutcomes: Record<Outcome, number> = { accepted: 0, rejected: 0, failed: 0 };
let flushTimer: number | null = null;

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
    push: (level, title, body = '', key) => {
      const groupKey = key ?? `${level}|${title}|${body}`;
      const existing = get().toasts.find((x) => x.key === groupKey);
      if (existing) {
        const updated = { ...existing, count: existing.count + 1 };
        set({ toasts: get().toasts.map((x) => (x.id === existing.id ? updated : x)) });
        schedule(existing.id, level);
        return;
      }
      const toast: Toast = { id: nextId++, level, key: groupKey, title, body, count: 1 };
      set({ toasts: [...get().toasts, toast].slice(-MAX_TOASTS) });
      schedule(toast.id, level);
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
    outcome: (kind) => {
      pendingOutcomes[kind] += 1;
      if (flushTimer !== null) return;
      flushTimer = window.setTimeout(() => {
        flushTimer = null;
        for (const k of ['accepted', 'rejected', 'failed'] as const) {
          const n = pendingOutcomes[k];
          if (n === 0) continue;
          pendingOutcomes[k] = 0;
          const key = `outcome|${k}`;
          const previous = get().toasts.find((x) => x.key === key)?.count ?? 0;
          const total = previous + n;
          const level: ToastLevel = k === 'accepted' ? 'success' : k === 'rejected' ? 'error' : 'warning';
          const title = t(k === 'accepted' ? 'toast.accepted' : k === 'rejected' ? 'toast.rejected' : 'toast.failed', { count: total });
          get().put(level, key, title);
          set({ toasts: get().toasts.map((x) => (x.key === key ? { ...x, count: total } : x)) });
        }
      }, 1500);
    },
  };
});
