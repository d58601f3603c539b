// Bad act metadata typed by a user (engine.handlers.updateMetadata): each value's exact
// verdict (state + French message), and for values that are legal but hostile (XML, path
// traversal, control characters), the deposit and the exported receipt.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectFrenchOnly,
  expectVaultAndJournalVerify,
  openCorpusEngine,
  waitForDocState,
  type CorpusEngine,
} from './corpus-helpers';
import { pdf, write } from './generate';

let c: CorpusEngine;
let n = 0;

beforeAll(async () => {
  c = await openCorpusEngine('metadonnees');
});
afterAll(async () => {
  await c?.close();
});

async function freshAct(): Promise<string> {
  n++;
  const f = write(path.join(c.root, 'actes'), `acte ${n}.pdf`, pdf(`acte ${n} ${Date.now()}`));
  const r = await c.engine.handlers.intakePaths({ profileId: c.profileId, paths: [f] });
  expect(r.documentIds).toHaveLength(1);
  return r.documentIds[0]!;
}

const GOOD = {
  nature: 'DE',
  number: '2024_045',
  date: '2024-03-12',
  objet: 'Vote du budget primitif',
  classification: '7.1',
} as const;

const VALIDATION_CASES: Array<{
  name: string;
  patch: Record<string, string>;
  state: 'ready' | 'needs_metadata';
  message?: string;
  reason?: string;
}> = [
  { name: 'objet of 499 characters (the limit)', patch: { objet: 'é'.repeat(499) }, state: 'ready' },
  {
    name: 'objet of 500 characters',
    patch: { objet: 'é'.repeat(500) },
    state: 'needs_metadata',
    message: 'L’objet de l’acte est trop long (500 caractères, 499 au plus).',
  },
  {
    name: 'objet with a line break',
    patch: { objet: 'Vote du budget\nprimitif' },
    state: 'needs_metadata',
    message: 'L’objet de l’acte ne doit pas contenir de retour à la ligne.',
  },
  {
    name: 'objet made of spaces',
    patch: { objet: '   ' },
    state: 'needs_metadata',
    message: 'L’objet de l’acte est vide.',
    // Blank counts as missing in the list's reason.
    reason: 'À compléter : l’objet.',
  },
  {
    name: 'date 30 February',
    patch: { date: '2024-02-30' },
    state: 'needs_metadata',
    message: 'La date « 2024-02-30 » n’existe pas ou n’est pas au format AAAA-MM-JJ.',
  },
  {
    name: 'date in French order',
    patch: { date: '31/12/2024' },
    state: 'needs_metadata',
    message: 'La date « 31/12/2024 » n’existe pas ou n’est pas au format AAAA-MM-JJ.',
  },
  {
    name: 'month 13',
    patch: { date: '2024-13-01' },
    state: 'needs_metadata',
    message: 'La date « 2024-13-01 » n’existe pas ou n’est pas au format AAAA-MM-JJ.',
  },
  {
    name: 'date with a time',
    patch: { date: '2024-03-12T10:00:00Z' },
    state: 'needs_metadata',
    message: 'La date « 2024-03-12T10:00:00Z » n’existe pas ou n’est pas au format AAAA-MM-JJ.',
  },
  {
    name: 'number with path traversal',
    patch: { number: '../../etc/passwd' },
    state: 'needs_metadata',
    message: 'Le numéro d’acte ne peut contenir que des chiffres, des majuscules et « _ » (15 caractères au plus).',
  },
  {
    name: 'number with a NUL',
    patch: { number: '2024\u0000045' },
    state: 'needs_metadata',
    message: 'Le numéro d’acte ne peut contenir que des chiffres, des majuscules et « _ » (15 caractères au plus).',
  },
  {
    name: 'classification 7..1',
    patch: { classification: '7..1' },
    state: 'needs_metadata',
    message: 'La classification « 7..1 » n’a pas le bon format (exemples : 7.1, 1.1.2).',
  },
];

describe('updateMetadata: each bad value gets its exact verdict', () => {
  it.each(VALIDATION_CASES)('$name → $state', async ({ patch, state, message, reason }) => {
    const id = await freshAct();
    const d = await c.engine.handlers.updateMetadata({ id, metadata: { ...GOOD, ...patch } });
    expect(d.state).toBe(state);
    if (message) {
      expect(d.validation.map((v) => v.message)).toContain(message);
      // The reason shown in the list says what is wrong now (as at intake), not what was
      // missing before the user filled it in.
      expect(d.reason).toContain(reason ?? message);
    } else {
      expect(d.validation).toEqual([]);
    }
  });

  it.each([
    ['an objet of 2,001 characters', { objet: 'x'.repeat(2001) }, /metadata\.objet/],
    ['an unknown nature', { nature: 'XX' }, /metadata\.nature/],
    ['an unknown field', { auteur: 'moi' }, /metadata/],
  ])('%s is refused by the contract, in French', async (_name, patch, where) => {
    const id = await freshAct();
    const before = await c.engine.handlers.getDocument({ id });
    let message = '';
    try {
      await c.engine.handlers.updateMetadata({ id, metadata: { ...GOOD, ...patch } as never });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^Demande refusée : données invalides/);
    expect(message).toMatch(where);
    expectFrenchOnly(message);
    const after = await c.engine.handlers.getDocument({ id });
    expect(after.metadata).toEqual(before.metadata);
    expect(after.state).toBe(before.state);
  });

  it('an annex cannot be attached to itself', async () => {
    const id = await freshAct();
    await expect(c.engine.handlers.updateMetadata({ id, metadata: GOOD, parentId: id })).rejects.toThrow(
      'Une annexe ne peut être rattachée qu’à un acte de la même commune.',
    );
  });
});

describe('legal but hostile values travel safely to the archive and back', () => {
  const HOSTILE: Array<{ name: string; objet: string; expect: 'accepted' | RegExp }> = [
    {
      name: 'path traversal in the objet',
      objet: '../../../../etc/passwd et ..\\..\\Windows\\win.ini',
      expect: 'accepted',
    },
    {
      name: 'XML in the objet',
      objet: '<Title>x</Title> ]]> &amp; &lt;!ENTITY x SYSTEM "file:///etc/passwd"&gt; « guillemets »',
      expect: 'accepted',
    },
    { name: 'right-to-left override and emoji', objet: 'Budget \u202Efdp.exe 🎉 2024', expect: 'accepted' },
    // XML 1.0 cannot carry NUL, BEL or ESC: they must be refused (French) or removed, never break the bordereau.
    { name: 'control characters in the objet', objet: 'Budget\u0000 \u0007primitif\u001b[31m', expect: /caractère/ },
  ];

  it.each(HOSTILE)(
    '$name',
    async ({ objet, expect: outcome }) => {
      const id = await freshAct();
      const d = await c.engine.handlers.updateMetadata({ id, metadata: { ...GOOD, number: `2024_${100 + n}`, objet } });
      if (outcome !== 'accepted' && d.state === 'needs_metadata') {
        // Refused at the door: fine, if said in French.
        expect(d.validation.map((v) => v.message).join(' ')).toMatch(outcome);
        return;
      }
      expect(d.state).toBe('ready');
      await c.engine.handlers.depositNow({ ids: [id] });
      const done = await waitForDocState(c.engine, id, ['accepted', 'rejected', 'failed'], 30_000);
      if (outcome === 'accepted') {
        expect(done.state, done.reason ?? '').toBe('accepted');
        const receipt = await c.engine.handlers.exportReceipt({ documentId: id });
        const file = c.engine.resolveExport(receipt.exportId);
        expect(file).toBeTruthy();
        const exportsDir = path.join(c.dataDir, 'exports');
        expect(path.resolve(file!.path).startsWith(exportsDir + path.sep)).toBe(true);
        expect(file!.fileName).not.toMatch(/[/\\]|\.\./);
      } else {
        // Sent anyway: then the control characters must have been dealt with and the act accepted.
        expect(done.state, `${done.state}: ${done.reason ?? ''}`).toBe('accepted');
      }
    },
    45_000,
  );

  it('an accepted act can no longer be edited', async () => {
    const accepted = c.engine.parts.documents.list({ profileId: c.profileId, state: ['accepted'] }, { limit: 1 })
      .items[0];
    expect(accepted).toBeTruthy();
    await expect(
      c.engine.handlers.updateMetadata({ id: accepted!.id, metadata: { ...GOOD, objet: 'Changé après coup' } }),
    ).rejects.toThrow(
      'Ce document est en cours de versement ou déjà accepté : ses informations ne peuvent plus être modifiées.',
    );
  });

  it('the vault and the journal verify', async () => {
    await expectVaultAndJournalVerify(c.engine);
  });
});
