// Offline XSD validation of SEDA messages with libxml2 compiled to WebAssembly
// (xmllint-wasm): same verdict as the xmllint command, on every platform, no network.
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';

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

/** Folder holding assets/seda/<version>; overridable for packaged builds. */
export function sedaSchemaRoot(): string {
  if (process.env.SCEAU_SEDA_DIR) return process.env.SCEAU_SEDA_DIR;
  // Works from sources (main/core/seda) and from the bundle (dist/<entry>/).
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const up of ['../../..', '../..', '..']) {
    const candidate = path.resolve(here, up, 'assets', 'seda');
    if (candidateExists(candidate)) return candidate;
  }
  return path.resolve(process.cwd(), 'assets', 'seda');
}

function candidateExists(dir: string): boolean {
  try {
    // Synchronous on purpose: called once per process to locate bundled data.
    return statSync(path.join(dir, '2.2', 'seda-2.2-main.xsd')).isFile();
  } catch {
    return false;
  }
}

async function load(version: SchemaVersion): Promise<LoadedSchema> {
  const dir = path.join(sedaSchemaRoot(), version);
  const read = (name: string) => readFile(path.join(dir, name), 'utf8');
  const main = { fileName: `seda-${version}-main.xsd`, contents: await read(`seda-${version}-main.xsd`) };
  const preload = await Promise.all(
    SEDA_PARTS.map(async (p) => ({ fileName: `seda-${version}-${p}.xsd`, contents: await read(`seda-${version}-${p}.xsd`) })),
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
