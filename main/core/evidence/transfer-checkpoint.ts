// The checkpoint each transfer carries to the archive: the latest stamped journal head and
// its token, as an extra file of the SEDA package. The archive then holds an independent
// copy of the journal's state, out of reach of anyone who rewrites the PC's database.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ObjectInput, UnitInput } from '../seda/types';
import { sha256 } from '../seal/timestamp';

export const CHECKPOINT_OBJECT_ID = 'sceau-point-de-controle';
export const CHECKPOINT_FILE_NAME = 'sceau-point-de-controle.json';

export interface TransferCheckpoint {
  journalSeq: number;
  journalHeadHash: string;
  genTime: string;
  tsaName: string | null;
  tokenDer: Buffer;
  trustPem: string;
}

/** The file's bytes: stable JSON an auditor reads with any tool (the token is base64 DER). */
export function checkpointJson(c: TransferCheckpoint): Buffer {
  return Buffer.from(
    `${JSON.stringify(
      {
        format: 'sceau.point-de-controle/1',
        description:
          'Dernier état horodaté du journal de Sceau au moment du versement : l’entrée journalSeq a pour empreinte ' +
          'journalHeadHash ; ce texte (64 caractères) est la donnée horodatée par le jeton RFC 3161 (base64 DER).',
        journalSeq: c.journalSeq,
        journalHeadHash: c.journalHeadHash,
        genTime: c.genTime,
        tsaName: c.tsaName,
        tokenSha256: sha256(c.tokenDer).toString('hex'),
        tokenBase64: c.tokenDer.toString('base64'),
        tsaChainPem: c.trustPem,
      },
      null,
      2,
    )}\n`,
    'utf8',
  );
}

/**
 * Writes the checkpoint beside the package and adds it to the transfer as its own unit;
 * returns the source map entry for the package writer.
 */
export async function addCheckpoint(
  root: UnitInput,
  stagingDir: string,
  checkpoint: TransferCheckpoint,
): Promise<[string, string]> {
  const bytes = checkpointJson(checkpoint);
  const file = path.join(stagingDir, CHECKPOINT_FILE_NAME);
  await writeFile(file, bytes);
  const object: ObjectInput = {
    id: CHECKPOINT_OBJECT_ID,
    fileName: CHECKPOINT_FILE_NAME,
    uri: `content/${CHECKPOINT_FILE_NAME}`,
    size: bytes.length,
    digest: { algorithm: 'sha256', hex: sha256(bytes).toString('hex') },
    format: { mimeType: 'application/json', formatId: 'fmt/817', formatName: 'JSON Data Interchange Format' },
    role: 'annex',
  };
  root.children.push({
    title: 'Point de contrôle horodaté du journal Sceau',
    descriptionLevel: 'Item',
    description: `Entrée n° ${checkpoint.journalSeq} du journal, horodatée le ${checkpoint.genTime}.`,
    children: [],
    objects: [object],
  });
  return [CHECKPOINT_OBJECT_ID, file];
}
