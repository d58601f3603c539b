// French formatting shared by the receipt, the evidence package and the integrity report.

const DATE = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'long',
  timeStyle: 'medium',
  timeZone: 'Europe/Paris',
});
const INTEGER = new Intl.NumberFormat('fr-FR');
const DECIMAL = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

/** « 12 mars 2024 à 14:05:09 » (heure de Paris), or « — » when absent. */
export function frenchDateTime(iso: string | Date | null | undefined): string {
  if (!iso) return '—';
  const d = iso instanceof Date ? iso : new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return DATE.format(d);
}

/** « 1,2 Mo (1 234 567 octets) », French units (ko = 1 000 octets, as a French reader expects). */
export function frenchSize(bytes: number): string {
  const exact = `${INTEGER.format(bytes)} octet${bytes > 1 ? 's' : ''}`;
  if (bytes < 1000) return exact;
  const units = ['ko', 'Mo', 'Go', 'To'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${DECIMAL.format(value)} ${units[unit]} (${exact})`;
}

const DAY = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' });

/** « 12 mars 2024 » for an ISO date (YYYY-MM-DD), as written, without time zone shift. */
export function frenchDate(isoDate: string): string {
  const d = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? isoDate : DAY.format(d);
}
