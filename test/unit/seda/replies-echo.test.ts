// The parts of seda/replies.ts the demo archive and the connectors rely on: the as@lae
// echo with its "cote", unit ids kept (Vitam), and the safe reading of both flavours.
import { describe, expect, test } from 'vitest';
import { actUnit, buildArchiveTransfer, safeUri } from '../../../main/core/seda/builder';
import {
  buildAcknowledgement,
  buildArchiveTransferReply,
  echoDataObjectPackage,
  parseAcknowledgement,
  parseArchiveTransferReply,
  ReplyParseError,
  type ArchiveTransferReplyInput,
} from '../../../main/core/seda/replies';
import type { ObjectInput, TransferInput } from '../../../main/core/seda/types';
import { child, descendants, parseXml } from '../../../main/core/seda/xml';
import { validateSeda } from '../../../main/core/seda/xsd';
import { billionLaughs } from '../../tools/hostile-xml';

function object(id: string, fileName: string, role: ObjectInput['role']): ObjectInput {
  return {
    id,
    fileName,
    uri: safeUri(id, fileName),
    size: 1234,
    digest: { algorithm: 'sha256', hex: 'ab'.repeat(32) },
    format: { mimeType: 'application/pdf', formatId: 'fmt/354' },
    role,
  };
}

function bordereauInput(): TransferInput {
  return {
    messageIdentifier: 'SCEAU_213502388_20260315_AB12',
    date: '2026-03-15T10:30:00+01:00',
    archivalAgreement: 'ACCORD-VERSEMENT-ACTES',
    archivalAgencyId: 'SAE_REGIONAL',
    transferringAgencyId: 'COMMUNE_EXEMPLE',
    originatingAgencyId: 'FRAD035_COMMUNE_EXEMPLE',
    digestStyle: 'xmlenc-uri',
    root: actUnit(
      {
        nature: 'DE',
        number: '2026_012',
        date: '2026-03-12',
        objet: 'Budget & « annexes » <2026>',
        classification: '7.1',
      },
      [
        object('a1', 'DE_2026_012.pdf', 'act'),
        object('a2', 'Annexe 1.pdf', 'annex'),
        object('a3', 'DE_2026_012.pdf.p7s', 'signature'),
      ],
    ),
  };
}

function asalaeReply(version: '2.1' | '2.2', over: Partial<ArchiveTransferReplyInput> = {}): ArchiveTransferReplyInput {
  return {
    version,
    messageIdentifier: 'SCEAU_213502388_20260315_AB12',
    messageRequestIdentifier: 'FRLSADC_ATR_27',
    replyCode: '000',
    date: '2026-03-15T10:45:00Z',
    comment: 'Transfert accepté',
    archivalAgreement: 'ACCORD-VERSEMENT-ACTES',
    archivalAgency: 'SAE_REGIONAL',
    transferringAgency: 'COMMUNE_EXEMPLE',
    grantDate: '2026-03-15T10:45:00Z',
    ...over,
  };
}

describe('as@lae echo of the DataObjectPackage', () => {
  for (const version of ['2.1', '2.2'] as const) {
    test(`SEDA ${version}: the builder's bordereau echoed with the cote is XSD-valid and reads back`, async () => {
      const bordereau = buildArchiveTransfer(bordereauInput(), version);
      const echoed = echoDataObjectPackage(bordereau, 'AE_2026_15');
      expect(echoed).toBeDefined();
      const atr = buildArchiveTransferReply(asalaeReply(version, { echoedPackage: echoed }));
      expect((await validateSeda(atr, version)).errors).toEqual([]);
      const parsed = parseArchiveTransferReply(atr);
      expect(parsed).toMatchObject({
        replyCode: '000',
        archivalAgencyArchiveUnitIdentifier: 'AE_2026_15',
        messageRequestIdentifier: 'FRLSADC_ATR_27',
      });

      // Same package as sent: objects, units, escaped text; the cote only on the root unit.
      const sent = child(parseXml(bordereau), 'DataObjectPackage');
      const back = child(parseXml(atr), 'DataObjectPackage');
      expect(back && descendants(back, 'BinaryDataObject').length).toBe(3);
      expect(back && descendants(back, 'MessageDigest').map((d) => d.text)).toEqual(
        sent && descendants(sent, 'MessageDigest').map((d) => d.text),
      );
      expect(back && descendants(back, 'ArchiveUnit').map((u) => u.attributes.id)).toEqual(
        sent && descendants(sent, 'ArchiveUnit').map((u) => u.attributes.id),
      );
      expect(back && descendants(back, 'Title')[0]?.text).toBe('Budget & « annexes » <2026>');
      const cotes = back ? descendants(back, 'ArchivalAgencyArchiveUnitIdentifier') : [];
      expect(cotes.map((c) => c.text)).toEqual(['AE_2026_15']);
      const rootContent = back && child(child(child(back, 'DescriptiveMetadata'), 'ArchiveUnit'), 'Content');
      expect(rootContent?.children.map((c) => c.name).slice(0, 4)).toEqual([
        'DescriptionLevel',
        'Title',
        'ArchivalAgencyArchiveUnitIdentifier',
        'OriginatingAgencyArchiveUnitIdentifier',
      ]);
    });
  }

  test('a prefixed bordereau is echoed in the reply default namespace', async () => {
    const bordereau = buildArchiveTransfer(bordereauInput(), '2.1')
      .replace(/<(\/?)([A-Za-z])/g, '<$1s:$2')
      .replace('xmlns=', 'xmlns:s=');
    expect(parseXml(bordereau).namespace).toBe('fr:gouv:culture:archivesdefrance:seda:v2.1');
    const echoed = echoDataObjectPackage(bordereau, 'AE_2026_16');
    const atr = buildArchiveTransferReply(asalaeReply('2.1', { echoedPackage: echoed }));
    expect(atr).not.toContain('s:');
    expect((await validateSeda(atr, '2.1')).errors).toEqual([]);
    expect(parseArchiveTransferReply(atr).archivalAgencyArchiveUnitIdentifier).toBe('AE_2026_16');
  });

  test("the archive's cote comes before an identifier the transferring party already gave", () => {
    const bordereau = buildArchiveTransfer(bordereauInput(), '2.1').replace(
      '<OriginatingAgencyArchiveUnitIdentifier>',
      '<ArchivalAgencyArchiveUnitIdentifier>COTE_DE_LA_MAIRIE</ArchivalAgencyArchiveUnitIdentifier>\n<OriginatingAgencyArchiveUnitIdentifier>',
    );
    const atr = buildArchiveTransferReply(
      asalaeReply('2.1', { echoedPackage: echoDataObjectPackage(bordereau, 'AE_2026_17') }),
    );
    expect(parseArchiveTransferReply(atr).archivalAgencyArchiveUnitIdentifier).toBe('AE_2026_17');
  });

  test.each([
    ['not XML', 'Transfert en cours de traitement'],
    [
      'a DOCTYPE (entity expansion)',
      '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "x">]><ArchiveTransfer><DataObjectPackage/></ArchiveTransfer>',
    ],
    [
      'not an ArchiveTransfer',
      '<ArchiveTransferReply xmlns="fr:gouv:culture:archivesdefrance:seda:v2.1"><DataObjectPackage/></ArchiveTransferReply>',
    ],
    [
      'no DataObjectPackage',
      '<ArchiveTransfer xmlns="fr:gouv:culture:archivesdefrance:seda:v2.1"><Date>2026-01-01</Date></ArchiveTransfer>',
    ],
    [
      'no root unit',
      '<ArchiveTransfer xmlns="fr:gouv:culture:archivesdefrance:seda:v2.1"><DataObjectPackage><DescriptiveMetadata/></DataObjectPackage></ArchiveTransfer>',
    ],
    [
      'a prefixed attribute whose namespace would be lost',
      '<ArchiveTransfer xmlns="fr:gouv:culture:archivesdefrance:seda:v2.1" xmlns:xlink="http://www.w3.org/1999/xlink"><DataObjectPackage><DescriptiveMetadata><ArchiveUnit id="AU1"><Content><Title xlink:href="x">T</Title></Content></ArchiveUnit></DescriptiveMetadata></DataObjectPackage></ArchiveTransfer>',
    ],
  ])('no echo for %s (the caller falls back to a minimal package)', (_name, xml) => {
    expect(echoDataObjectPackage(xml, 'AE_1')).toBeUndefined();
  });

  test('xml:lang and ids survive the echo', () => {
    const bordereau = buildArchiveTransfer(bordereauInput(), '2.2').replace('<Title>', '<Title xml:lang="fr">');
    const atr = buildArchiveTransferReply(
      asalaeReply('2.2', { echoedPackage: echoDataObjectPackage(bordereau, 'AE_1') }),
    );
    expect(atr).toContain('<Title xml:lang="fr">');
  });
});

describe('generated units (Vitam SystemId, as@lae fallback)', () => {
  for (const version of ['2.1', '2.2'] as const) {
    test(`SEDA ${version}: unit ids and DescriptionLevel are kept, XSD-valid`, async () => {
      const vitam = buildArchiveTransferReply({
        version,
        messageIdentifier: 'aeeaaaaaagh23tjvabz5gal6qlt6iaaaaaq',
        messageRequestIdentifier: 'SCEAU_X',
        replyCode: 'OK',
        date: '2026-03-15T10:45:00Z',
        archivalAgency: 'SAE',
        transferringAgency: 'COMMUNE',
        units: [
          { id: 'AU_1', systemId: 'aeaqaaaaaahgausqabhk2aljppqnhhyaaaaq' },
          { id: 'AU_2', systemId: 'aeaqaaaaaahgausqabhk2aljppqnhhyaaaab' },
        ],
        events: [
          {
            typeCode: 'PROCESS_SIP_UNITARY',
            dateTime: '2026-03-15T10:45:00Z',
            outcome: 'OK',
            outcomeDetail: 'PROCESS_SIP_UNITARY.OK',
            outcomeDetailMessage: 'Succès',
          },
        ],
      });
      const fallback = buildArchiveTransferReply(
        asalaeReply(version, {
          units: [
            {
              id: 'AU_1',
              descriptionLevel: 'Item',
              title: 'Vote du budget',
              archivalAgencyArchiveUnitIdentifier: 'AE_2026_3',
            },
          ],
        }),
      );
      for (const x of [vitam, fallback]) expect((await validateSeda(x, version)).errors).toEqual([]);
      expect(descendants(parseXml(vitam), 'ArchiveUnit').map((u) => u.attributes.id)).toEqual(['AU_1', 'AU_2']);
      expect(parseArchiveTransferReply(vitam)).toMatchObject({
        systemIds: ['aeaqaaaaaahgausqabhk2aljppqnhhyaaaaq', 'aeaqaaaaaahgausqabhk2aljppqnhhyaaaab'],
        outcomeDetailMessages: ['Succès'],
      });
      expect(parseArchiveTransferReply(fallback).archivalAgencyArchiveUnitIdentifier).toBe('AE_2026_3');
      expect(fallback).toContain('<DescriptionLevel>Item</DescriptionLevel>');
    });
  }
});

describe('safe reading', () => {
  const bomb = billionLaughs('ArchiveTransferReply', '', 3);

  test.each([
    ['billion laughs', bomb],
    [
      'external entity',
      '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><ArchiveTransferReply><Comment>&xxe;</Comment></ArchiveTransferReply>',
    ],
    ['a DOCTYPE in lower case', '<!doctype r><ArchiveTransferReply/>'],
    ['deep nesting', `<ArchiveTransferReply>${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</ArchiveTransferReply>`],
    [
      'an ACK where an ATR is expected',
      buildAcknowledgement({
        version: '2.1',
        messageIdentifier: 'A',
        messageReceivedIdentifier: 'B',
        date: '2026-01-01',
        sender: 'S',
        receiver: 'R',
      }),
    ],
    ['a non-SEDA namespace', '<ArchiveTransferReply xmlns="urn:autre"><Date>2026-01-01</Date></ArchiveTransferReply>'],
  ])('ATR: %s is refused with ReplyParseError', (_n, xml) => {
    expect(() => parseArchiveTransferReply(xml)).toThrow(ReplyParseError);
  });

  test('the messages are French', () => {
    expect(() => parseArchiveTransferReply(bomb)).toThrow(/refusée par sécurité/);
    expect(() =>
      parseAcknowledgement(
        '<Acknowledgement><Date>2026-01-01</Date><MessageIdentifier>A</MessageIdentifier></Acknowledgement>',
      ),
    ).toThrow(/ne contient pas l’élément MessageReceivedIdentifier/);
  });
});
