import { describe, expect, test } from 'vitest';
import { AUTO_ARCHIVED_RECOGNISERS, recogniseAutoArchived, xmlRootElement } from '../../../main/core/acts';

const none = Buffer.alloc(0);

describe('recogniseAutoArchived', () => {
  test.each([
    ['99_DE-013-211301106-20210201-1212-DE-1-1_1.pdf', 'actes-transmission'],
    ['013-211301106-20210201-1212-AI-1-1_0.xml', 'actes-transmission'],
    ['035-213502388-20240312-2024_045-DE-1-1_2.pdf', 'actes-transmission'],
    ['013-211301106-20210201-1212-AI-1-2.xml', 'actes-prefecture-ack'],
    ['TACT--211301106--20210201-1.xml', 'actes-enveloppe'],
    ['Arrêté 013-211301106-20210201-1212-AI tampon.pdf', 'actes-identifiant'],
    ['PESALR2_21350238800017_240312_1030.xml', 'helios-nom'],
    ['ACQUIT_PESALR2_21350238800017_240312_1030.xml', 'helios-nom'],
  ])('%s → %s', (name, id) => {
    const r = recogniseAutoArchived(name, none);
    expect(r?.id).toBe(id);
    expect(r?.reason).toMatch(/archivé automatiquement par la plateforme\.$/);
  });

  test('the reason quotes the act identifier', () => {
    const r = recogniseAutoArchived('scan 013-211301106-20210201-1212-AI.pdf', none);
    expect(r).toMatchObject({ kind: 'actes' });
    expect(r?.reason).toBe(
      'Acte déjà télétransmis à la préfecture (identifiant 013-211301106-20210201-1212-AI) : il est archivé automatiquement par la plateforme.',
    );
  });

  test('PES flows by content, ISO-8859-1, with prefix and comments', () => {
    const pes = Buffer.from(
      '<?xml version="1.0" encoding="ISO-8859-1"?>\n<!-- flux -->\n<n:PES_Aller xmlns:n="http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/aller"><EnTetePES><LibelleColBud V="Mairie de Saint-Andr\xe9"/>',
      'latin1',
    );
    expect(recogniseAutoArchived('flux.xml', pes)).toMatchObject({ kind: 'helios', id: 'helios-contenu' });
    const plain = Buffer.from('<?xml version="1.0"?><PES_Aller><EnTetePES/></PES_Aller>');
    expect(recogniseAutoArchived('export compta.xml', plain)?.kind).toBe('helios');
    const acquit = Buffer.from('\ufeff<?xml version="1.0" encoding="UTF-8"?><PES_ACQUIT><Enveloppe/></PES_ACQUIT>');
    expect(recogniseAutoArchived('retour.xml', acquit)?.reason).toMatch(/PES_ACQUIT/);
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('<?xml version="1.0" encoding="UTF-16"?><PES_Aller/>', 'utf16le'),
    ]);
    expect(recogniseAutoArchived('f.xml', utf16)?.kind).toBe('helios');
  });

  test.each([
    ['DE_2024_045_vote du budget.pdf', Buffer.from('%PDF-1.7')],
    ['013-211301106-20211341-1212-AI.pdf', none], // impossible date
    ['TACT-211301106-20210201-1.xml', none],
    [
      'bordereau.xml',
      Buffer.from('<?xml version="1.0"?><ArchiveTransfer xmlns="fr:gouv:culture:archivesdefrance:seda:v2.1"/>'),
    ],
    ['notes PES_Aller.txt', Buffer.from('PES_Aller est le flux')],
    ['PESALR2_123_240312_1030.xml', none],
  ])('%s is an ordinary file', (name, head) => {
    expect(recogniseAutoArchived(name, head)).toBeNull();
  });

  test('a root element counts only when markup comes first (blanks and a UTF-8 BOM aside)', () => {
    const pes = '<PES_Aller xmlns="http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/aller"><EnTetePES/>';
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    // Every blank String.prototype.trim removes from a latin1 text, before the root: still XML.
    for (const blank of ['\t', '\n', '\v', '\f', '\r', ' ', '\u00a0'])
      for (const prefix of [Buffer.alloc(0), bom]) {
        const head = Buffer.concat([prefix, Buffer.from(`${blank}${blank}${pes}`, 'latin1')]);
        expect(xmlRootElement(head)).toMatchObject({ name: 'PES_Aller' });
        expect(recogniseAutoArchived('sans extension', head)?.id).toBe('helios-contenu');
      }
    // Anything else first — a PDF header with its « << » dictionaries, NEL, a stray byte — is not.
    for (const first of ['%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<</Type/Catalog>>\n', '\u0085', 'x', '\u00ef']) {
      const head = Buffer.from(`${first}${pes}`, 'latin1');
      expect(xmlRootElement(head)).toBeNull();
      expect(recogniseAutoArchived('flux.xml', head)).toBeNull();
    }
    expect(xmlRootElement(Buffer.alloc(0))).toBeNull();
    expect(xmlRootElement(Buffer.from(' \n\t'))).toBeNull();
  });

  test('the table is data: ids unique, French descriptions', () => {
    const ids = AUTO_ARCHIVED_RECOGNISERS.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of AUTO_ARCHIVED_RECOGNISERS) expect(r.description.length).toBeGreaterThan(10);
  });
});
