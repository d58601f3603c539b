// The renderer's data layer: screens and components never call the bridge (the contract)
// themselves — they go through data/api.ts and the stores — and core events over the bridge
// invalidate exactly the domains they change.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { invalidate, onTopic, throttle, topicsOf } from '../../../renderer/src/data/topics';

const src = path.resolve('renderer/src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(n) ? [p] : [];
  });
}

describe('renderer data layer', () => {
  it('no screen or component imports the bridge, and no hand-written cancelled flag or version counter is left', () => {
    const offenders: string[] = [];
    for (const f of [
      ...files(path.join(src, 'screens')),
      ...files(path.join(src, 'components')),
      path.join(src, 'App.tsx'),
    ]) {
      const text = readFileSync(f, 'utf8');
      if (/from '\.{1,2}\/(\.\.\/)*bridge'/.test(text)) offenders.push(`${path.relative(src, f)}: imports the bridge`);
      if (/let cancelled = false/.test(text)) offenders.push(`${path.relative(src, f)}: let cancelled`);
      if (/\.version\b|\bbump\(\)/.test(text)) offenders.push(`${path.relative(src, f)}: version counter`);
    }
    expect(offenders).toEqual([]);
  });

  it('maps core events to the domains they change', () => {
    expect(
      topicsOf({ type: 'document.state', documentId: 'd', profileId: 'p', from: null, to: 'ready', at: '' }),
    ).toEqual(['documents']);
    expect(topicsOf({ type: 'connectivity', profileId: 'p', reachable: false, message: '', at: '' })).toEqual(['sync']);
    expect(topicsOf({ type: 'seal.progress', path: 'x', bytes: 1, totalBytes: 2 })).toEqual([]);
  });

  it('invalidates only the listeners of a topic, and a burst becomes one refetch', () => {
    vi.useFakeTimers();
    try {
      const run = vi.fn();
      const later = throttle(run, 400);
      const offDocs = onTopic('documents', later);
      const other = vi.fn();
      const offFolders = onTopic('folders', other);
      for (let i = 0; i < 500; i++) invalidate('documents');
      expect(run).not.toHaveBeenCalled();
      vi.advanceTimersByTime(400);
      expect(run).toHaveBeenCalledTimes(1);
      expect(other).not.toHaveBeenCalled();
      offDocs();
      invalidate('documents');
      vi.advanceTimersByTime(400);
      expect(run).toHaveBeenCalledTimes(1);
      offFolders();
    } finally {
      vi.useRealTimers();
    }
  });
});
