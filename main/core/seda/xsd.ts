// Offline XSD validation of SEDA messages with libxml2 compiled to WebAssembly
// (xmllint-wasm): same verdict as the xmllint command, on every platform, no network.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { sedaSchemasDir } from '../assets';

export type SchemaVersion = '2.1' | '2.2';

export interface XsdError {
  message: string;
  line: number | null;
}

export interface XsdResult {
  valid: boolean;
  errors: XsdError[];
}

const SEDA_PARTS = ['types', 'technical', 'management', 'descriptive', 'ontology'] as const;

interface LoadedSchema {
  main: { fileName: string; contents: string };
  preload: { fileName: string; contents: string }[];
}

const cache = new Map<SchemaVersion, Promise<LoadedSchema>>();

/** Folder holding assets/seda/<version> (see main/core/assets.ts). */
export function sedaSchemaRoot(): string {
  return process.env.SCEAU_SEDA_DIR ?? sedaSchemasDir();
}

async function load(version: SchemaVersion): Promise<LoadedSchema> {
  const dir = path.join(sedaSchemaRoot(), version);
  const read = (name: string) => readFile(path.join(dir, name), 'utf8');
  const main = { fileName: `seda-${version}-main.xsd`, contents: await read(`seda-${version}-main.xsd`) };
  const preload = await Promise.all(
    SEDA_PARTS.map(async (p) => ({
      fileName: `seda-${version}-${p}.xsd`,
      contents: await read(`seda-${version}-${p}.xsd`),
    })),
  );
  // The SEDA XSDs import these by URL; libxml2 resolves a preloaded file of that name.
  preload.push({ fileName: 'http://www.w3.org/2001/xml.xsd', contents: await read('xml.xsd') });
  preload.push({ fileName: 'http://www.w3.org/1999/xlink.xsd', contents: await read('xlink.xsd') });
  return { main, preload };
}

function schemaFor(version: SchemaVersion): Promise<LoadedSchema> {
  let s = cache.get(version);
  if (!s) {
    s = load(version);
    cache.set(version, s);
  }
  return s;
}

/** Validates one SEDA message (ArchiveTransfer, Acknowledgement, ArchiveTransferReply …). */
export async function validateSeda(xml: string, version: SchemaVersion): Promise<XsdResult> {
  const schema = await schemaFor(version);
  const result = await validateXML({
    xml: [{ fileName: 'message.xml', contents: xml }],
    schema: [schema.main],
    preload: schema.preload,
    disableFileNameValidation: true,
    maxMemoryPages: 16384,
  });
  return {
    valid: result.valid,
    errors: result.errors.map((e) => ({ message: e.message, line: e.loc?.lineNumber ?? null })),
  };
}
