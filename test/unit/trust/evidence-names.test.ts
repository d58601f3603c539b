import { describe, expect, it } from 'vitest';
import { safeFileName } from '../../../main/core/evidence/evidence-package';

describe('safeFileName', () => {
  it('keeps accents and drops paths, control characters and reserved characters', () => {
    expect(safeFileName('Délibération « œuvre ».pdf')).toBe('Délibération « œuvre ».pdf');
    expect(safeFileName('..\\..\\etc/passwd')).toBe('passwd');
    expect(safeFileName('a\nb:c?.pdf')).toBe('a_b_c_.pdf');
    expect(safeFileName('.cache')).toBe('_cache');
    expect(safeFileName('')).toBe('document');
  });
});
