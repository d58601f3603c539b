// Bandwidth and timing rules, evaluated on the machine's local wall clock (a town hall's
// "8 h 30" is local time, DST included). Pure functions: the engine calls them live.

/** "HH:MM", 24-hour local time. */
export type ClockTime = `${number}:${number}` | string;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface TimeWindow {
  start: ClockTime;
  /** May be earlier than start: the window then crosses midnight. */
  end: ClockTime;
}

export interface OfficeHoursRule extends TimeWindow {
  enabled: boolean;
  /** Days the window STARTS on (a 22:00–06:00 Friday window still holds Saturday 03:00). */
  days: IsoWeekday[];
  /** kbit/s during the window; null = unlimited. */
  limitKbps: number | null;
}

export interface BandwidthRules {
  /** kbit/s outside any rule; null = unlimited. */
  baseLimitKbps: number | null;
  officeHours: OfficeHoursRule | null;
  /** « Verser ce soir » window. */
  night: TimeWindow;
  /** Suspend uploads while the OS reports a metered connection. */
  pauseOnMetered: boolean;
}

export const DEFAULT_NIGHT_WINDOW: TimeWindow = { start: '19:00', end: '07:00' };

export const DEFAULT_BANDWIDTH_RULES: BandwidthRules = {
  baseLimitKbps: null,
  officeHours: { enabled: false, days: [1, 2, 3, 4, 5], start: '08:30', end: '17:30', limitKbps: 512 },
  night: DEFAULT_NIGHT_WINDOW,
  pauseOnMetered: true,
};

/** Minutes since local midnight for "HH:MM"; throws on nonsense so bad settings surface early. */
export function parseClock(time: ClockTime): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
  const h = m ? Number(m[1]) : NaN;
  const min = m ? Number(m[2]) : NaN;
  if (!(h >= 0 && h <= 24 && min >= 0 && min < 60) || (h === 24 && min !== 0)) {
    throw new RangeError(`Heure invalide : « ${time} » (format attendu HH:MM).`);
  }
  return h * 60 + min;
}

function minutesOfDay(date: Date): number {
  return date.getHours() * 60 + date.getMinutes() + date.getSeconds() / 60;
}

function isoWeekday(date: Date): IsoWeekday {
  const d = date.getDay();
  return (d === 0 ? 7 : d) as IsoWeekday;
}

function previousWeekday(day: IsoWeekday): IsoWeekday {
  return (day === 1 ? 7 : day - 1) as IsoWeekday;
}

/**
 * Whether `date` falls in the window; with `days`, the window must have started on one of
 * them (the part after midnight belongs to the previous day). start === end = never.
 */
export function isInWindow(date: Date, window: TimeWindow, days?: readonly IsoWeekday[]): boolean {
  const start = parseClock(window.start);
  const end = parseClock(window.end);
  const m = minutesOfDay(date);
  const today = isoWeekday(date);
  const dayOk = (d: IsoWeekday) => !days || days.includes(d);
  if (start === end) return false;
  if (start < end) return m >= start && m < end && dayOk(today);
  if (m >= start) return dayOk(today);
  if (m < end) return dayOk(previousWeekday(today));
  return false;
}

export function isInNightWindow(date: Date, window: TimeWindow = DEFAULT_NIGHT_WINDOW): boolean {
  return isInWindow(date, window);
}

/** kbit/s → bytes/s; null stays null (unlimited). */
export function kbpsToBytesPerSecond(kbps: number | null): number | null {
  return kbps === null || !(kbps > 0) ? null : (kbps * 1000) / 8;
}

/** Upload rate in bytes/s at `date` (null = unlimited). Office hours override the base limit. */
export function rateAt(date: Date, rules: BandwidthRules): number | null {
  const oh = rules.officeHours;
  if (oh?.enabled && isInWindow(date, oh, oh.days)) return kbpsToBytesPerSecond(oh.limitKbps);
  return kbpsToBytesPerSecond(rules.baseLimitKbps);
}

/** Office hours limited to 0 kbit/s: nothing leaves during them (not "unlimited"). */
export function uploadsBlockedAt(date: Date, rules: BandwidthRules): boolean {
  const oh = rules.officeHours;
  return Boolean(oh?.enabled && oh.limitKbps === 0 && isInWindow(date, oh, oh.days));
}

/** Whether uploads must wait: the connection is metered and the rule says so. */
export function meteredPause(rules: BandwidthRules, metered: boolean): boolean {
  return metered && rules.pauseOnMetered;
}

/**
 * Next instant (≥ date) at which the night window is open: `date` itself when already
 * inside. Built from local date fields, so a DST change the same day does not shift it.
 */
export function nextNightStart(date: Date, window: TimeWindow = DEFAULT_NIGHT_WINDOW): Date {
  if (isInWindow(date, window)) return new Date(date.getTime());
  const start = parseClock(window.start);
  const candidate = new Date(
    date.getFullYear(),
    date.getMonth(),
    date.getDate(),
    Math.floor(start / 60),
    start % 60,
    0,
    0,
  );
  if (candidate.getTime() > date.getTime()) return candidate;
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1, Math.floor(start / 60), start % 60, 0, 0);
}

/** Next instant after `date` at which the rate may change (for timers; ≤ 1 day ahead). */
export function nextRuleChange(date: Date, rules: BandwidthRules): Date {
  const bounds: number[] = [];
  const oh = rules.officeHours;
  if (oh?.enabled) bounds.push(parseClock(oh.start), parseClock(oh.end));
  bounds.push(parseClock(rules.night.start), parseClock(rules.night.end));
  let best = Infinity;
  for (let dayOffset = 0; dayOffset <= 1; dayOffset++) {
    for (const b of bounds) {
      const t = new Date(
        date.getFullYear(),
        date.getMonth(),
        date.getDate() + dayOffset,
        Math.floor(b / 60),
        b % 60,
        0,
        0,
      ).getTime();
      if (t > date.getTime() && t < best) best = t;
    }
  }
  return new Date(Number.isFinite(best) ? best : date.getTime() + 86_400_000);
}
