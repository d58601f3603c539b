// French display of sizes and remaining times (the « À verser » transfer line, a document's size).
import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration } from '../../../renderer/src/lib/format';

const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('renderer French formats', () => {
  it('never shows « 60 minutes » or « 1 h 60 min » for a time left near a full hour', () => {
    expect(nbsp(formatDuration(3599))).toBe('1 h 00 min');
    expect(nbsp(formatDuration(3570))).toBe('1 h 00 min');
    expect(nbsp(formatDuration(7199))).toBe('2 h 00 min');
    expect(nbsp(formatDuration(5400))).toBe('1 h 30 min');
    expect(nbsp(formatDuration(59))).toBe('59 secondes');
    expect(nbsp(formatDuration(89))).toBe('1 minute');
  });

  it('never shows « 1 000 ko » or « 1 000 Mo »: a size that rounds up moves to the next unit', () => {
    expect(nbsp(formatBytes(999_999))).toBe('1 Mo');
    expect(nbsp(formatBytes(999_960_000))).toBe('1 Go');
    expect(nbsp(formatBytes(999))).toBe('999 o');
    expect(nbsp(formatBytes(1_500_000))).toBe('1,5 Mo');
    expect(nbsp(formatBytes(2_500_000_000_000))).toBe('2 500 Go');
  });
});
