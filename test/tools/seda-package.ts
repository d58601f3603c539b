// Test packages for the archive and sync tests, built by the app's own SEDA builder and
// packager (main/core/seda): an act with its files, bordereau + tar.gz (as@lae) or zip SIP
// (Vitam). Broken packages (wrong digest, missing file, schema error) cannot come out of
// buildPackage, which refuses them: those are written here from the builder's bordereau.
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import yazl from 'yazl';
import type { PreparedTransfer } from '../../main/core/archive/connector';
import { actUnit, allObjects, buildArchiveTransfer, safeUri } from '../../main/core/seda/builder';
import { buildPackage } from '../../main/core/seda/package';
import type { DigestStyle, ObjectInput, TransferInput } from '../../main/core/seda/types';
import type { DigestAlgorithm } from '../../main/contract/types';
import {
  DEMO_ARCHIVAL_AGENCY,
  DEMO_ARCHIVAL_AGREEMENT,
  DEMO_ORIGINATING_AGENCY,
  DEMO_TRANSFERRING_AGENCY,
} from '../../main/demo-archive/demo-account';

export interface TestFile {
  name: string;
  data: Buffer;
}

export interface PackageSpec {
  version?: '2.1' | '2.2';
  messageIdentifier?: string;
  /** The first is the act, the others annexes. */
  files?: TestFile[];
  /** Keyword text, e.g. "7.1 Décisions budgétaires" (the demo refuses matière 9). */
  classification?: string;
  agreement?: string;
  title?: string;
  /** Broken: the first file's declared digest is wrong. */
  corruptDigest?: boolean;
  /** Broken: the first file is left out of the archive. */
  omitFile?: boolean;
  algorithm?: 'SHA-512' | 'SHA-256' | 'http://www.w3.org/2001/04/xmlenc#sha256';
  /** Broken: not valid against the XSD (an unknown element in the root unit). */
  breakSchema?: boolean;
  transferringAgency?: string;
  /** Access rule code of the act (default: the act's usual AR038/AR048). */
  accessRule?: string;
  appraisal?: TransferInput['appraisal'];
}

const DEFAULT_FILES: TestFile[] = [{ name: 'deliberation.pdf', data: Buffer.from('%PDF-1.4 délibération de test\n') }];

function digestOf(spec: PackageSpec): { style: DigestStyle; algorithm: DigestAlgorithm } {
  const a = spec.algorithm ?? 'SHA-512';
  if (a.startsWith('http')) return { style: 'xmlenc-uri', algorithm: 'sha256' };
  return { style: 'vitam', algorithm: a === 'SHA-256' ? 'sha256' : 'sha512' };
}

/** The transfer as the app describes it (metadata only), with honest digests. */
export function transferInput(spec: PackageSpec, id: string, files: TestFile[]): TransferInput {
  const { style, algorithm } = digestOf(spec);
  const objects: ObjectInput[] = files.map((f, i) => ({
    id: `F${i + 1}`,
    fileName: f.name,
    uri: safeUri(`F${i + 1}`, f.name),
    size: f.data.length,
    digest: { algorithm, hex: createHash(algorithm).update(f.data).digest('hex') },
    format: { mimeType: 'application/pdf', formatId: 'fmt/354' },
    role: i === 0 ? 'act' : 'annex',
    lastModified: '2026-03-12T09:00:00+01:00',
  }));
  const classification = spec.classification ?? '7.1 Décisions budgétaires';
  const root = actUnit(
    {
      nature: 'DE',
      number: '2026_012',
      date: '2026-03-12',
      objet: spec.title ?? 'Délibération n° 2026-012 : vote du budget',
    },
    objects,
    'Acte de test',
  );
  return {
    messageIdentifier: id,
    date: '2026-03-15T10:30:00+01:00',
    comment: 'Versement de test',
    archivalAgreement: spec.agreement ?? DEMO_ARCHIVAL_AGREEMENT,
    archivalAgencyId: DEMO_ARCHIVAL_AGENCY,
    transferringAgencyId: spec.transferringAgency ?? DEMO_TRANSFERRING_AGENCY,
    originatingAgencyId: DEMO_ORIGINATING_AGENCY,
    digestStyle: style,
    ...(spec.appraisal ? { appraisal: spec.appraisal } : {}),
    // The classification is given as free keyword text so tests can use any code.
    root: {
      ...root,
      ...(spec.accessRule ? { accessRule: spec.accessRule } : {}),
      keywords: [{ content: classification, type: 'subject' }],
    },
  };
}

/** The bordereau the builder makes for this spec, with the requested breakage applied. */
export function bordereau(spec: PackageSpec, id: string, files: TestFile[]): string {
  const input = transferInput(spec, id, files);
  if (spec.corruptDigest) {
    const first = allObjects(input.root)[0];
    if (first) first.digest.hex = `${first.digest.hex.slice(0, -2)}${first.digest.hex.endsWith('00') ? '11' : '00'}`;
  }
  const xml = buildArchiveTransfer(input, spec.version ?? '2.1');
  return spec.breakSchema ? xml.replace('</Title>\n', '</Title>\n<Bogus>x</Bogus>\n') : xml;
}

async function writeTarGz(out: string, members: { uri: string; data: Buffer }[]): Promise<void> {
  const pack = tar.pack();
  const done = pipeline(pack, createGzip({ level: 1 }), createWriteStream(out));
  for (const m of members) {
    await new Promise<void>((resolve, reject) =>
      pack.entry({ name: m.uri, size: m.data.length }, m.data, (e) => (e ? reject(e) : resolve())),
    );
  }
  pack.finalize();
  await done;
}

async function writeZip(out: string, manifest: string, members: { uri: string; data: Buffer }[]): Promise<void> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(manifest), 'manifest.xml');
  for (const m of members) zip.addBuffer(m.data, m.uri, { compress: false });
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(out));
}

/** A package buildPackage would refuse to make: bordereau and archive written by hand. */
async function brokenTransfer(
  staging: string,
  kind: 'asalae' | 'vitam',
  spec: PackageSpec,
  id: string,
  files: TestFile[],
): Promise<PreparedTransfer> {
  const xml = bordereau(spec, id, files);
  const objects = allObjects(transferInput(spec, id, files).root);
  const members = files.map((f, i) => ({ uri: objects[i]?.uri ?? f.name, data: f.data })).slice(spec.omitFile ? 1 : 0);
  const bordereauPath = path.join(staging, 'bordereau.xml');
  await writeFile(bordereauPath, xml);
  const base = {
    messageIdentifier: id,
    transferringAgency: spec.transferringAgency ?? DEMO_TRANSFERRING_AGENCY,
    sedaVersion: spec.version ?? '2.1',
    bordereauPath,
  } as const;
  if (kind === 'asalae') {
    const attachmentsPath = path.join(staging, 'archive.tar.gz');
    await writeTarGz(attachmentsPath, members);
    return { ...base, attachmentsPath, totalBytes: (await stat(attachmentsPath)).size };
  }
  const sipPath = path.join(staging, 'sip.zip');
  await writeZip(sipPath, xml, members);
  return { ...base, sipPath, totalBytes: (await stat(sipPath)).size };
}

/** Writes the package of one test transfer under `dir` (bordereau + tar.gz, or zip SIP). */
export async function makeTransfer(
  dir: string,
  kind: 'asalae' | 'vitam',
  spec: PackageSpec = {},
): Promise<PreparedTransfer> {
  const id = spec.messageIdentifier ?? `SCEAU-TEST-${randomUUID()}`;
  const files = spec.files ?? DEFAULT_FILES;
  const staging = path.join(dir, `${id}-${randomUUID().slice(0, 8)}`);
  await mkdir(staging, { recursive: true });
  if (spec.corruptDigest || spec.omitFile || spec.breakSchema) return brokenTransfer(staging, kind, spec, id, files);
  // Honest package: the vault copies the real packager streams, re-hashes and fsyncs.
  const vault = path.join(staging, 'vault');
  await mkdir(vault, { recursive: true });
  const sources = new Map<string, string>();
  await Promise.all(
    files.map(async (f, i) => {
      const p = path.join(vault, `F${i + 1}`);
      await writeFile(p, f.data);
      sources.set(`F${i + 1}`, p);
    }),
  );
  return buildPackage(transferInput(spec, id, files), sources, {
    target: kind,
    sedaVersion: spec.version ?? '2.1',
    stagingDir: staging,
  });
}
