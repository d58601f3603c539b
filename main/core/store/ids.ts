import { randomFillSync } from 'node:crypto';

/** Random bytes drawn 4 KiB at a time: one call into the CSPRNG per 256 ids, not per id. */
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

/** UUID v7: time-ordered, so ids sort by creation and index well. */
export function uuidv7(now = Date.now()): string {
  if (poolAt + 16 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  // A copy: the pool is overwritten when refilled.
  const b = Buffer.from(pool.subarray(poolAt, (poolAt += 16)));
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function nowIso(): string {
  return new Date().toISOString();
}

export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text == null || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
