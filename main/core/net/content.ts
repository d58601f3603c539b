// Reading an answer's headers: one value per name, media type, JSON or XML.
import type { HttpResponse } from './http-client';

/** Reads a header as one string. */
export function header(res: HttpResponse, name: string): string | undefined {
  const v = res.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Media type without parameters, lowercased ('' when absent). */
export function mediaType(res: HttpResponse): string {
  return (header(res, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** True for JSON (application/json, +json; text/json tolerated). */
export function isJsonType(res: HttpResponse): boolean {
  const t = mediaType(res);
  return t === 'application/json' || t === 'text/json' || t.endsWith('+json');
}

/** True for XML (application/xml, text/xml, +xml). */
export function isXmlType(res: HttpResponse): boolean {
  const t = mediaType(res);
  return t === 'application/xml' || t === 'text/xml' || t.endsWith('+xml');
}
