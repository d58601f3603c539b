// Number, size, duration and date formatting for display (French conventions).
import { t } from '../i18n/fr';

const dec1 = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

export function formatBytes(bytes: number): string {
  if (bytes < 1000) return t('units.B', { n: dec1.format(bytes) });
  if (bytes < 1_000_000) return t('units.KB', { n: dec1.format(bytes / 1000) });
  if (bytes < 1_000_000_000) return t('units.MB', { n: dec1.format(bytes / 1_000_000) });
  return t('units.GB', { n: dec1.format(bytes / 1_000_000_000) });
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return t('units.seconds', { count: s });
  if (s < 3600) return t('units.minutes', { count: Math.round(s / 60) });
  const h = Math.floor(s / 3600);
  const m = Math.round((s % 3600) / 60);
  return t('units.hours', { h: String(h), m: String(m).padStart(2, '0') });
}

const dateTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium' });

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return t('common.none');
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

/** An act date (YYYY-MM-DD) shown as a French date, without timezone shifts. */
export function formatActDate(isoDate: string | undefined): string {
  if (!isoDate) return t('common.none');
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return isoDate;
  return dateOnly.format(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return t('common.error');
}
