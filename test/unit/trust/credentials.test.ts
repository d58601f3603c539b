import { describe, expect, it } from 'vitest';
import { accountFor, CredentialError } from '../../../main/core/credentials/credential-store';
import { openCredentialStore } from '../../../main/core/credentials/open-credential-store';
import { SessionCredentialStore } from '../../../main/core/credentials/session-store';

describe('accountFor', () => {
  it('separates profiles, purposes and endpoints', () => {
    expect(accountFor('p1', 'archive-password')).toBe('p1/archive-password');
    expect(accountFor('p1', 'archive-password', 'https://sae.example.fr:8443/restservices/')).toBe(
      'p1/archive-password@https://sae.example.fr:8443/restservices',
    );
    expect(accountFor('p1', 'tsa-password', 'https://tsa.example.fr')).not.toBe(
      accountFor('p2', 'tsa-password', 'https://tsa.example.fr'),
    );
  });

  it('drops user info and query from the URL', () => {
    const a = accountFor('p1', 'proxy-password', 'http://bob:hunter2@proxy.local:3128/?x=1');
    expect(a).toBe('p1/proxy-password@http://proxy.local:3128');
    expect(a).not.toContain('hunter2');
  });

  it('rejects bad input in French', () => {
    expect(() => accountFor('', 'archive-password')).toThrow(CredentialError);
    expect(() => accountFor('p', 'archive-password', 'pas une url')).toThrow(/Adresse invalide/);
  });
});

describe('session store', () => {
  it('keeps secrets in memory only', async () => {
    const status = await openCredentialStore('session');
    expect(status.ok && status.kind).toBe('session');
    const s = new SessionCredentialStore();
    expect(await s.get('a')).toBeNull();
    await s.set('a', '1');
    expect(await s.get('a')).toBe('1');
    expect(await s.delete('a')).toBe(true);
    expect(await s.delete('a')).toBe(false);
  });
});
