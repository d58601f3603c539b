// One status model (renderer/src/lib/status.ts) for the header, the dashboard and the queue.
import { describe, expect, it } from 'vitest';
import { archiveStatus, mergeReachability } from '../../../renderer/src/lib/status';

const sync = { online: true, paused: false, reason: null, pendingCount: 0 } as const;

describe('archive status', () => {
  it('says « injoignable » with the waiting count whether the engine said offline or a connectivity event did', () => {
    const a = archiveStatus(undefined, { ...sync, online: false, reason: 'offline', pendingCount: 20 });
    const b = archiveStatus(
      { reachable: false, message: 'x', at: '2026-01-01T10:00:00Z' },
      { ...sync, pendingCount: 20 },
    );
    for (const s of [a, b]) {
      expect(s.kind).toBe('unreachable');
      expect(s.label).toBe('Archive injoignable');
      expect(s.waiting).toBe(20);
    }
  });

  it('is « pas encore contactée » before any news, never « joignable » by default', () => {
    expect(archiveStatus(undefined, sync).label).toBe('Archive pas encore contactée');
    expect(archiveStatus(undefined, null).kind).toBe('unknown');
  });

  it('the latest word wins: back online after a failure', () => {
    const down = mergeReachability(undefined, { reachable: false, message: 'refus', at: '2026-01-01T10:00:00Z' });
    const up = mergeReachability(down, { reachable: true, message: '', at: '2026-01-01T10:05:00Z' });
    expect(archiveStatus(up, sync).label).toBe('Archive joignable');
    expect(up.lastFailAt).toBe('2026-01-01T10:00:00Z');
    expect(up.lastFailMessage).toBe('refus');
    expect(up.lastOkAt).toBe('2026-01-01T10:05:00Z');
  });

  it('a pause the user chose is said as such', () => {
    const r = { reachable: true, message: '', at: '2026-01-01T10:00:00Z' };
    expect(archiveStatus(r, { ...sync, paused: true, reason: 'user' }).label).toBe('Envois en pause');
  });
});
