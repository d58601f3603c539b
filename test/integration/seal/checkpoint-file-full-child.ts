// Child for checkpoint-file-full.test.ts, inside its own mount namespace where the parent's
// wrapper mounted a 64 KiB tmpfs at <dir>/disque. The checkpoint register
// (points-de-controle.jsonl) is appended on an almost full disk: the write goes through only
// in part. That must fail (the caller then appends those checkpoints again later), and the
// next append must not glue its first line onto the torn one.
import { statfsSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendCheckpoints, readCheckpoints, type Checkpoint } from '../../../main/core/seal/journal-checkpoints';

const [dir] = process.argv.slice(2) as [string];
const disk = join(dir, 'disque');
const file = join(disk, 'points-de-controle.jsonl');

const checkpoint = (seq: number, covered: number): Checkpoint => ({
  seq,
  hash: seq.toString(16).padStart(64, '0'),
  tokenSha256: (seq + 1000).toString(16).padStart(64, '0'),
  genTime: '2026-12-07T16:00:00.000Z',
  tsaName: 'TSA de test',
  coveredFromSeq: seq - covered + 1,
  coveredHashes: Array.from({ length: covered }, (_, i) => i.toString(16).padStart(64, 'a')),
});

appendCheckpoints(file, [checkpoint(10, 10)], true);
// Leave about 6 KiB free: the next line (~20 KiB) goes through in part.
const filler = join(disk, 'remplissage.bin');
const s = statfsSync(disk);
writeFileSync(filler, Buffer.alloc(s.bavail * s.bsize - 6 * 1024));
let fullAppend: string | null = null;
try {
  appendCheckpoints(file, [checkpoint(300, 290)]);
} catch (e) {
  fullAppend = (e as NodeJS.ErrnoException).code ?? String(e);
}
unlinkSync(filler);
// As the caller does after a failure: the same checkpoints again, then the next ones.
if (fullAppend) appendCheckpoints(file, [checkpoint(300, 290)]);
appendCheckpoints(file, [checkpoint(301, 1)]);
const seqs = (readCheckpoints(file) ?? []).map((c) => c.seq);
process.stdout.write(JSON.stringify({ fullAppend, seqs }) + '\n');
