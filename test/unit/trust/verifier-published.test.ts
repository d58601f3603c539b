// The auditor runs the package's own verifier.sh, which a forger can replace with one that
// prints « OK » everywhere. The only defence is a fingerprint published outside the package:
// README's « Pour les archivistes » gives the SHA-256 of assets/evidence/verifier.sh, and the
// package's LISEZMOI sends the auditor there. This test keeps the published value true.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lisezmoiText } from '../../../main/core/evidence/evidence-texts';

const root = new URL('../../../', import.meta.url);
const script = readFileSync(new URL('assets/evidence/verifier.sh', root));
const readme = readFileSync(new URL('README.md', root), 'utf8');

describe('verifier.sh fingerprint published outside the package', () => {
  it('README gives the SHA-256 of the current verifier.sh (update README when the script changes)', () => {
    const published = /Empreinte SHA-256 de `verifier\.sh` : `([0-9a-f]{64})`/.exec(readme)?.[1];
    expect(published, 'README.md, « Pour les archivistes », must state the fingerprint').toBeDefined();
    expect(published).toBe(createHash('sha256').update(script).digest('hex'));
  });

  it('LISEZMOI tells the auditor to compare it before running the script', () => {
    const text = lisezmoiText({
      commune: 'Commune',
      documentName: 'acte.pdf',
      documentSize: '1 Ko',
      sha256: 'a'.repeat(64),
      firstSeq: 1,
      lastSeq: 2,
      anchorSeq: null,
      captureSeq: 1,
      captureAt: '1 janvier 2026',
      tokens: [],
      archiveReference: null,
      demo: false,
      qualified: false,
      sedaVersion: '2.2',
      hasAck: false,
      hasAtr: false,
      messageIdentifier: null,
      generatedAt: '1 janvier 2026',
    });
    expect(text).toContain('sha256sum verifier.sh');
    expect(text).toMatch(/README/);
  });
});
