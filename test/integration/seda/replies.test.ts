import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  ReplyParseError,
  buildAcknowledgement,
  buildArchiveTransferReply,
  parseAcknowledgement,
  parseArchiveTransferReply,
  validateSeda,
} from '../../../main/core/seda';
import { xmllintValidate } from './xmllint';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'sceau-replies-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('Acknowledgement / ArchiveTransferReply builders and parsers', () => {
  for (const v of ['2.1', '2.2'] as const) {
    test(`SEDA ${v}: builders produce XSD-valid messages that parse back`, async () => {
      const ack = buildAcknowledgement({
        version: v,
        messageIdentifier: 'ACK-1',
        messageReceivedIdentifier: 'SCEAU_X_20240315_AB',
        date: '2024-03-15T10:31:02+01:00',
        comment: 'Accusé de réception & <ok>',
        sender: 'SAE_REGIONAL',
        receiver: 'COMMUNE_EXEMPLE',
      });
      const asalae = buildArchiveTransferReply({
        version: v,
        messageIdentifier: 'SCEAU_X_20240315_AB',
        messageRequestIdentifier: 'FRLSADC_ATR_27',
        replyCode: '000',
        date: '2024-03-15T10:45:00+01:00',
        comment: 'Transfert accepté',
        archivalAgreement: 'ACCORD',
        archivalAgency: 'SAE',
        transferringAgency: 'COMMUNE',
        units: [{ archivalAgencyArchiveUnitIdentifier: 'AE_2022_15', title: 'Vote du budget' }],
      });
      const vitam = buildArchiveTransferReply({
        version: v,
        messageIdentifier: 'aeeaaaaaaghx',
        messageRequestIdentifier: 'SCEAU_X_20240315_AB',
        replyCode: 'KO',
        date: '2024-03-15T10:45:00',
        archivalAgency: 'SAE',
        transferringAgency: 'COMMUNE',
        grantDate: '2024-03-15T10:45:00',
        units: [
          { systemId: 'aeaqaaaaaahgausqabhk2aljppqnhhyaaaaq' },
          { systemId: 'aeaqaaaaaahgausqabhk2aljppqnhhyaaaab' },
        ],
        events: [
          {
            typeCode: 'CHECK_DIGEST',
            type: "Vérification de l'empreinte",
            dateTime: '2024-03-15T10:44:59',
            outcome: 'KO',
            outcomeDetail: 'CHECK_DIGEST.KO',
            outcomeDetailMessage: "Échec de la vérification de l'empreinte",
          },
        ],
      });
      const minimal = buildArchiveTransferReply({
        version: v,
        messageIdentifier: 'A',
        messageRequestIdentifier: 'B',
        replyCode: '101',
        date: '2024-03-15',
        archivalAgency: 'S',
        transferringAgency: 'T',
      });
      const files = [ack, asalae, vitam, minimal].map((x, i) => {
        const f = path.join(tmp, `${v}-${i}.xml`);
        writeFileSync(f, x);
        return f;
      });
      const verdicts = xmllintValidate(files, v);
      for (const f of files) expect(verdicts.get(f), f).toBe(true);
      for (const x of [ack, asalae, vitam, minimal]) expect((await validateSeda(x, v)).errors).toEqual([]);

      expect(parseAcknowledgement(ack)).toEqual({
        messageIdentifier: 'ACK-1',
        messageReceivedIdentifier: 'SCEAU_X_20240315_AB',
        date: '2024-03-15T10:31:02+01:00',
        comment: 'Accusé de réception & <ok>',
      });
      expect(parseArchiveTransferReply(asalae)).toMatchObject({
        messageIdentifier: 'SCEAU_X_20240315_AB',
        messageRequestIdentifier: 'FRLSADC_ATR_27',
        replyCode: '000',
        comment: 'Transfert accepté',
        archivalAgencyArchiveUnitIdentifier: 'AE_2022_15',
      });
      const pv = parseArchiveTransferReply(vitam);
      expect(pv.replyCode).toBe('KO');
      expect(pv.systemIds).toHaveLength(2);
      expect(pv.outcomeDetailMessages).toEqual(["Échec de la vérification de l'empreinte"]);
      expect(pv.grantDate).toBe('2024-03-15T10:45:00');
    });
  }

  test('parses the official samples', () => {
    const dir = path.resolve('/work/shared/seda/samples');
    const ack = parseAcknowledgement(readFileSync(path.join(dir, 'acknowledgement-seda-2.1.xml'), 'utf8'));
    expect(ack.messageReceivedIdentifier).toBe('COMMUNE-EXEMPLE-2024-0001');
    const atr = parseArchiveTransferReply(readFileSync(path.join(dir, 'archive-transfer-reply-seda-2.2.xml'), 'utf8'));
    expect(atr).toMatchObject({
      replyCode: 'OK',
      messageRequestIdentifier: 'COMMUNE-EXEMPLE-2024-0001',
      systemIds: ['aeaqaaaaaahgausqabhk2aljppqnhhyaaaaq'],
    });
    expect(atr.outcomeDetailMessages?.[0]).toBe("Succès du processus d'entrée du SIP");
  });

  test('prefixed namespaces, CDATA and character references', () => {
    const xml = `<?xml version="1.0"?><s:ArchiveTransferReply xmlns:s="fr:gouv:culture:archivesdefrance:seda:v2.1"><s:Comment><![CDATA[Refus : <accord> inconnu]]></s:Comment><s:Date>2024-01-01T00:00:00</s:Date><s:MessageIdentifier>M&#233;1</s:MessageIdentifier><s:ReplyCode>300</s:ReplyCode><s:MessageRequestIdentifier>R</s:MessageRequestIdentifier></s:ArchiveTransferReply>`;
    expect(parseArchiveTransferReply(xml)).toMatchObject({
      messageIdentifier: 'Mé1',
      replyCode: '300',
      comment: 'Refus : <accord> inconnu',
    });
  });

  test.each([
    [
      'billion laughs',
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><Acknowledgement>&lol2;</Acknowledgement>',
      /DOCTYPE ou ENTITY/,
    ],
    [
      'external entity',
      '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Acknowledgement>&xxe;</Acknowledgement>',
      /refusée par sécurité/,
    ],
    ['undeclared entity', '<Acknowledgement><Date>&xxe;</Date></Acknowledgement>', /Entité XML inconnue/],
    ['not SEDA', '<html><body>Erreur 500</body></html>', /n’est pas un message Acknowledgement/],
    ['truncated', '<Acknowledgement><Date>2024', /incomplet/],
    [
      'missing element',
      '<Acknowledgement xmlns="fr:gouv:culture:archivesdefrance:seda:v2.1"><Date>2024-01-01T00:00:00</Date><MessageIdentifier>A</MessageIdentifier></Acknowledgement>',
      /MessageReceivedIdentifier/,
    ],
    ['garbage', 'Transfert en cours de traitement', /illisible/],
  ])('refuses %s with a French message', (_n, xml, msg) => {
    expect(() => parseAcknowledgement(xml)).toThrow(ReplyParseError);
    expect(() => parseAcknowledgement(xml)).toThrow(msg);
  });
});
