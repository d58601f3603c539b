// Shared fixtures for SEDA tests: realistic act transfers built from metadata.
import type { ActMetadata, FileRole } from '../../../main/contract/types';
import { actUnit, safeUri } from '../../../main/core/seda/builder';
import type { ObjectInput, TransferInput, UnitInput } from '../../../main/core/seda/types';

let n = 0;
export function obj(fileName: string, role: FileRole, extra: Partial<ObjectInput> = {}): ObjectInput {
  n++;
  const id = `doc${n}`;
  return {
    id,
    fileName,
    uri: safeUri(id, fileName),
    size: 1000 + n,
    digest: { algorithm: 'sha256', hex: n.toString(16).padStart(2, '0').repeat(32) },
    format: fileName.endsWith('.p7s')
      ? { mimeType: 'application/pkcs7-signature', formatId: 'x-fmt/342', formatName: 'CMS' }
      : { mimeType: 'application/pdf', formatId: 'fmt/354', formatName: 'PDF/A-1b' },
    role,
    lastModified: '2024-03-14T18:02:11+01:00',
    ...extra,
  };
}

export function transfer(root: UnitInput, over: Partial<TransferInput> = {}): TransferInput {
  return {
    messageIdentifier: 'SCEAU_213502388_20240315_AB12CD34',
    date: '2024-03-15T10:30:00+01:00',
    archivalAgreement: 'ACCORD-VERSEMENT-ACTES',
    archivalAgencyId: 'SAE_REGIONAL',
    transferringAgencyId: 'COMMUNE_EXEMPLE',
    originatingAgencyId: 'FRAD035_COMMUNE_EXEMPLE',
    digestStyle: 'xmlenc-uri',
    root,
    ...over,
  };
}

export function actTransfer(
  m: ActMetadata,
  files: Array<[string, FileRole]>,
  over: Partial<TransferInput> = {},
): TransferInput {
  return transfer(
    actUnit(
      m,
      files.map(([f, r]) => obj(f, r)),
    ),
    over,
  );
}
