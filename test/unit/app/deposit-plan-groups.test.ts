// How the deposit plan shares versements out (deposit-batching.ts planGroups): a profile's
// mergeable acts fill transfers up to the caps, in the order given (first fit); an act that
// may not join others, or larger than a whole versement, goes alone; profiles never mix.
import { describe, expect, it } from 'vitest';
import {
  BATCH_MAX_ACTS,
  BATCH_MAX_BYTES,
  BATCH_MAX_DOCUMENTS,
  planGroups,
} from '../../../main/core/app/deposit-batching';

const MiB = 1024 * 1024;
const act = (name: string, bytes: number, profileId = 'A', mergeable = true) => ({
  profileId,
  members: [name],
  bytes,
  mergeable,
});
const names = (groups: ReturnType<typeof planGroups<ReturnType<typeof act>>>) =>
  groups.map((g) => g.acts.map((a) => a.members[0]).join(' '));

describe('deposit plan: acts into versements', () => {
  it('fills transfers of at most 50 acts, in order', () => {
    const acts = Array.from({ length: 120 }, (_, i) => act(`a${i}`, 4096));
    const groups = planGroups(acts);
    expect(groups.map((g) => g.acts.length)).toEqual([BATCH_MAX_ACTS, BATCH_MAX_ACTS, 20]);
    expect(groups.flatMap((g) => g.acts)).toEqual(acts);
    expect(groups[2]!.bytes).toBe(20 * 4096);
  });

  it('keeps each transfer within 100 MiB: a later small act fills a transfer with room left', () => {
    const groups = planGroups([act('big1', 60 * MiB), act('big2', 60 * MiB), act('small', 30 * MiB)]);
    expect(names(groups)).toEqual(['big1 small', 'big2']);
    for (const g of groups) expect(g.bytes).toBeLessThanOrEqual(BATCH_MAX_BYTES);
  });

  it('an act over the cap, or one that may not join others, goes alone; profiles never share', () => {
    const groups = planGroups([
      act('a1', 1),
      act('huge', BATCH_MAX_BYTES + 1),
      act('b1', 1, 'B'),
      act('refused', 1, 'A', false),
      act('a2', 1),
      act('b2', 1, 'B'),
    ]);
    expect(names(groups)).toEqual(['a1 a2', 'huge', 'b1 b2', 'refused']);
    expect(groups.map((g) => g.profileId)).toEqual(['A', 'A', 'B', 'A']);
  });

  it('caps given by the caller hold (one act per transfer when maxActs is 1)', () => {
    const groups = planGroups([act('a', 1), act('b', 1), act('c', 1)], { maxActs: 1, maxBytes: BATCH_MAX_BYTES });
    expect(names(groups)).toEqual(['a', 'b', 'c']);
  });

  it('keeps each transfer within 1,000 documents, an act never parted from its annexes; one act over it goes alone', () => {
    // 50 acts of 22 documents (act, 20 annexes, signature): 1,100 documents, within 50 acts and 100 MiB.
    const heavy = (name: string, documents: number) => ({
      profileId: 'A',
      members: Array.from({ length: documents }, (_, i) => `${name}.${i}`),
      bytes: 1024,
      mergeable: true,
    });
    const acts = Array.from({ length: 50 }, (_, i) => heavy(`a${i}`, 22));
    const groups = planGroups(acts);
    const documents = (g: (typeof groups)[number]) => g.acts.reduce((n, a) => n + a.members.length, 0);
    expect(groups.map(documents)).toEqual([990, 110]);
    expect(groups.flatMap((g) => g.acts)).toEqual(acts);
    const alone = planGroups([heavy('small', 2), heavy('huge', BATCH_MAX_DOCUMENTS + 1), heavy('small2', 2)]);
    expect(alone.map((g) => g.acts.map((a) => a.members[0]).join(' '))).toEqual(['small.0 small2.0', 'huge.0']);
  });
});
