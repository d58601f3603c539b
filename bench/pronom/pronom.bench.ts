// PRONOM identification throughput: 10,000 small files of the town-hall corpus (PDF, PDF/A,
// ODF, OOXML, OLE2, images, text, mail, signatures), identified one after the other from
// disk, signature data already loaded (its one-off load is reported on its own row).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { identifyFormat, identifyFromHead } from '../../main/core/seda/format';
import { pronomCorpus } from '../../test/tools/format-samples';
import type { BenchResult } from '../report';

const FILES = 10_000;
const TARGET_PER_S = 5_000;

export async function runPronomBenchmark(): Promise<BenchResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sceau-bench-pronom-'));
  try {
    const t0 = performance.now();
    identifyFromHead(Buffer.from('%PDF-1.7\n'), 'x.pdf');
    const loadMs = performance.now() - t0;
    const corpus = pronomCorpus();
    const files: Array<{ path: string; puid: string }> = [];
    for (let i = 0; i < FILES; i++) {
      const s = corpus[i % corpus.length]!;
      const p = path.join(dir, `${String(i).padStart(5, '0')}-${s.name}`);
      writeFileSync(p, s.data);
      files.push({ path: p, puid: s.puid });
    }
    const t1 = performance.now();
    const cpu0 = process.cpuUsage();
    let wrong = 0;
    for (const f of files) if ((await identifyFormat(f.path)).formatId !== f.puid) wrong++;
    const seconds = (performance.now() - t1) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const perSecond = Math.round(FILES / seconds);
    // CPU time too: on a shared machine the wall clock mostly measures the other processes.
    const perCpuSecond = Math.round(FILES / ((cpu.user + cpu.system) / 1e6));
    if (wrong > 0) throw new Error(`PRONOM bench: ${wrong} of ${FILES} files misidentified`);
    return [
      {
        name: `PRONOM identification, ${FILES.toLocaleString('en-US')} small files (${corpus.length} formats)`,
        value: perSecond,
        unit: 'files/s',
        target: `≥ ${TARGET_PER_S.toLocaleString('en-US')} files/s`,
        pass: perSecond >= TARGET_PER_S,
      },
      {
        name: 'PRONOM identification, same files, per second of CPU used',
        value: perCpuSecond,
        unit: 'files/CPU-s',
        target: 'reported',
        pass: true,
      },
      {
        name: 'PRONOM signature data load (once per process)',
        value: Math.round(loadMs),
        unit: 'ms',
        target: 'reported',
        pass: true,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
