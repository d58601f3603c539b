// Test packages for the archive tests: a SEDA 2.1/2.2 bordereau (same shape as the shared
// samples) with real digests, its tar.gz (as@lae) and zip SIP (Vitam). Stand-in until
// main/core/seda's builder is used by these tests.
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import yazl from 'yazl';
import type { PreparedTransfer } from '../../main/core/archive/connector';
import {
  DEMO_ARCHIVAL_AGENCY,
  DEMO_ARCHIVAL_AGREEMENT,
  DEMO_ORIGINATING_AGENCY,
  DEMO_TRANSFERRING_AGENCY,
} from '../../main/demo-archive/demo-account';

export interface PackageSpec {
  version?: '2.1' | '2.2';
  messageIdentifier?: string;
  files?: { name: string; data: Buffer }[];
  classification?: string;
  agreement?: string;
  title?: string;
  /** Change one digest after computing it. */
  corruptDigest?: boolean;
  /** Leave the first file out of the archive. */
  omitFile?: boolean;
  algorithm?: 'SHA-512' | 'SHA-256' | 'http://www.w3.org/2001/04/xmlenc#sha256';
  /** Not well formed against the XSD (an unknown element). */
  breakSchema?: boolean;
  transferringAgency?: string;
}

function esc(s: string) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

export function bordereau(spec: PackageSpec, id: string, files: { name: string; data: Buffer }[]): string {
  const v = spec.version ?? '2.1';
  const algo = spec.algorithm ?? 'SHA-512';
  const h = algo.includes('256') ? 'sha256' : 'sha512';
  const objects = files
    .map((f, i) => {
      let digest = createHash(h).update(f.data).digest('hex');
      if (spec.corruptDigest && i === 0) digest = `${digest.slice(0, -2)}${digest.endsWith('00') ? '11' : '00'}`;
      return `
    <DataObjectGroup id="ID_GOT_${i + 1}">
      <BinaryDataObject id="ID_BDO_${i + 1}">
        <DataObjectVersion>BinaryMaster_1</DataObjectVersion>
        <Uri>content/${esc(f.name)}</Uri>
        <MessageDigest algorithm="${algo}">${digest}</MessageDigest>
        <Size>${f.data.length}</Size>
        <FormatIdentification>
          <MimeType>application/pdf</MimeType>
          <FormatId>fmt/354</FormatId>
        </FormatIdentification>
        <FileInfo>
          <Filename>${esc(f.name)}</Filename>
        </FileInfo>
      </BinaryDataObject>
    </DataObjectGroup>`;
    })
    .join('');
  const children = files
    .map(
      (f, i) => `
        <ArchiveUnit id="ID_AU_F${i + 1}">
          <Content>
            <DescriptionLevel>Item</DescriptionLevel>
            <Title>${esc(f.name)}</Title>
          </Content>
          <DataObjectReference>
            <DataObjectGroupReferenceId>ID_GOT_${i + 1}</DataObjectGroupReferenceId>
          </DataObjectReference>
        </ArchiveUnit>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<ArchiveTransfer xmlns="fr:gouv:culture:archivesdefrance:seda:v${v}">
  <Comment>Versement de test</Comment>
  <Date>2026-03-15T10:30:00+01:00</Date>
  <MessageIdentifier>${esc(id)}</MessageIdentifier>
  <ArchivalAgreement>${esc(spec.agreement ?? DEMO_ARCHIVAL_AGREEMENT)}</ArchivalAgreement>
  <CodeListVersions/>
  <DataObjectPackage>${objects}
    <DescriptiveMetadata>
      <ArchiveUnit id="ID_AU_1">
        <Content>
          <DescriptionLevel>RecordGrp</DescriptionLevel>
          <Title>${esc(spec.title ?? 'Délibération n° 2026-012 : vote du budget')}</Title>
          <Description>Acte de test</Description>${spec.breakSchema ? '\n          <Bogus>x</Bogus>' : ''}
          <Language>fr</Language>
          <Keyword>
            <KeywordContent>${esc(spec.classification ?? '7.1 Décisions budgétaires')}</KeywordContent>
          </Keyword>
          <StartDate>2026-03-12</StartDate>
          <EndDate>2026-03-12</EndDate>
        </Content>${children}
      </ArchiveUnit>
    </DescriptiveMetadata>
    <ManagementMetadata>
      <OriginatingAgencyIdentifier>${DEMO_ORIGINATING_AGENCY}</OriginatingAgencyIdentifier>
    </ManagementMetadata>
  </DataObjectPackage>
  <ArchivalAgency>
    <Identifier>${DEMO_ARCHIVAL_AGENCY}</Identifier>
  </ArchivalAgency>
  <TransferringAgency>
    <Identifier>${esc(spec.transferringAgency ?? DEMO_TRANSFERRING_AGENCY)}</Identifier>
  </TransferringAgency>
</ArchiveTransfer>
`;
}

async function writeTarGz(out: string, files: { name: string; data: Buffer }[]): Promise<void> {
  const pack = tar.pack();
  const done = pipeline(pack, createGzip({ level: 1 }), createWriteStream(out));
  for (const f of files) {
    await new Promise<void>((resolve, reject) => pack.entry({ name: `content/${f.name}`, size: f.data.length }, f.data, (e) => (e ? reject(e) : resolve())));
  }
  pack.finalize();
  await done;
}

async function writeZip(out: string, manifest: string, files: { name: string; data: Buffer }[]): Promise<void> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(manifest), 'manifest.xml');
  for (const f of files) zip.addBuffer(f.data, `content/${f.name}`, { compress: false });
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(out));
}

/** Writes bordereau + tar.gz (as@lae) or zip (Vitam) under `dir`. */
export async function makeTransfer(dir: string, kind: 'asalae' | 'vitam', spec: PackageSpec = {}): Promise<PreparedTransfer> {
  const id = spec.messageIdentifier ?? `SCEAU-TEST-${randomUUID()}`;
  const files = spec.files ?? [{ name: 'deliberation.pdf', data: Buffer.from('%PDF-1.4 délibération de test\n') }];
  const xml = bordereau(spec, id, files);
  const base = path.join(dir, id);
  const bordereauPath = `${base}-bordereau.xml`;
  await writeFile(bordereauPath, xml);
  const inArchive = spec.omitFile ? files.slice(1) : files;
  const transfer: PreparedTransfer = {
    messageIdentifier: id,
    transferringAgency: spec.transferringAgency ?? DEMO_TRANSFERRING_AGENCY,
    sedaVersion: spec.version ?? '2.1',
    bordereauPath,
    totalBytes: 0,
  };
  if (kind === 'asalae') {
    transfer.attachmentsPath = `${base}-archive.tar.gz`;
    await writeTarGz(transfer.attachmentsPath, inArchive);
    transfer.totalBytes = (await stat(transfer.attachmentsPath)).size;
  } else {
    transfer.sipPath = `${base}-sip.zip`;
    await writeZip(transfer.sipPath, xml, inArchive);
    transfer.totalBytes = (await stat(transfer.sipPath)).size;
  }
  return transfer;
}
