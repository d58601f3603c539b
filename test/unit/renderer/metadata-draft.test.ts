// The metadata form's pure rules (renderer/src/lib/metadata-draft.ts): act numbers are
// normalised as file names are (« 2024-045 » → « 2024_045 ») with a preview instead of a
// refusal, and what the form sends passes the contract's schema and the core's checks.
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../main/contract/api';
import { validateActMetadata } from '../../../main/core/acts/validate';
import {
  checkDraft,
  draftToMetadata,
  fieldError,
  firstProblem,
  numberPreview,
  splitValidation,
} from '../../../renderer/src/lib/metadata-draft';

describe('act number normalisation with a preview', () => {
  it('normalises separators, case and accents instead of refusing', () => {
    expect(numberPreview('2024-045')).toEqual({ value: '2024_045', changed: true });
    expect(numberPreview('2024/045 b')).toEqual({ value: '2024_045_B', changed: true });
    expect(numberPreview(' DEL 12 ')).toEqual({ value: 'DEL_12', changed: true });
    expect(numberPreview('2024_045')).toEqual({ value: '2024_045', changed: false });
    expect(numberPreview('')).toEqual({ value: '', changed: false });
  });

  it('a typed « 2024-045 » is not an error and is saved as « 2024_045 »', () => {
    const draft = {
      nature: 'DE' as const,
      number: '2024-045',
      date: '2024-03-12',
      objet: 'Budget',
      classification: '7.1',
    };
    expect(checkDraft(draft, true)).toEqual({});
    const metadata = draftToMetadata(draft);
    expect(metadata.number).toBe('2024_045');
    expect(validateActMetadata(metadata)).toEqual([]);
    expect(CHANNELS.updateMetadata.safeParse({ id: 'd1', metadata }).success).toBe(true);
  });

  it('still refuses what cannot become a number (no digit)', () => {
    expect(checkDraft({ number: '---' }, false).number).toBeDefined();
  });
});

describe('field messages', () => {
  it('splits the core’s validation by field, the rest apart', () => {
    const { byField, other } = splitValidation([
      { field: 'number', message: 'numéro' },
      { field: 'number', message: 'second' },
      { field: 'profile', message: 'autre' },
    ]);
    expect(byField).toEqual({ number: 'numéro' });
    expect(other).toEqual(['autre']);
  });

  it('shows the core’s message until the user edits; the client’s once the field was left', () => {
    const saved = { number: 'X' };
    const server = { number: 'refusé par le cœur' };
    const client = { number: 'format' };
    expect(fieldError('number', { draft: saved, saved, client: {}, server, shown: false })).toBe('refusé par le cœur');
    expect(fieldError('number', { draft: { number: 'Y' }, saved, client: {}, server, shown: false })).toBeUndefined();
    expect(fieldError('number', { draft: { number: 'Y' }, saved, client, server, shown: true })).toBe('format');
  });

  it('focuses the first problem in the form’s order', () => {
    expect(firstProblem({ classification: 'x', date: 'y' })).toBe('date');
    expect(firstProblem({})).toBeUndefined();
  });
});
