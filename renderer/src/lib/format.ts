// Number, size, duration and date formatting for display (French conventions).
import { t } from '../i18n/fr';

const dec1 = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

const UNITS: readonly { key: 'units.B' | 'units.KB' | 'units.MB' | 'units.GB'; size: number }[] = [
  { key: 'units.B', size: 1 },
  { key: 'units.KB', size: 1000 },
  { key: 'units.MB', size: 1_000_000 },
  { key: 'units.GB', size: 1_000_000_000 },
];

const integer = new Intl.NumberFormat('fr-FR');

/** A count outside a sentence (« (1 017) »), grouped the French way. */
export function formatCount(n: number): string {
  return integer.format(n);
}

export function formatBytes(bytes: number): string {
  // The unit is chosen on the rounded figure: 999 999 o is « 1 Mo », not « 1 000 ko ».
  let unit = UNITS[0] ?? { key: 'units.B', size: 1 };
  for (const u of UNITS) {
    if (bytes >= u.size || Math.round((bytes / unit.size) * 10) / 10 >= 1000) unit = u;
  }
  return t(unit.key, { n: dec1.format(bytes / unit.size) });
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return t('units.seconds', { count: s });
  // Minutes are rounded before the unit is chosen: 59 min 59 s is « 1 h 00 min », never « 60 minutes ».
  const minutes = Math.round(s / 60);
  if (minutes < 60) return t('units.minutes', { count: minutes });
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
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
