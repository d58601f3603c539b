// `sceau export`: a document's evidence package (or its PDF receipt) copied to a folder.
import { constants, copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { Command } from 'commander';
import type { CliContext, SetResult, WithContext } from '../context';
import { CliError, EXIT } from '../exit-codes';

async function saveExport(ctx: CliContext, exportId: string, outDir: string): Promise<string> {
  const resolved = (await ctx.engine()).resolveExport(exportId);
  if (!resolved) throw new CliError('L’export a échoué : fichier introuvable.', EXIT.error);
  mkdirSync(outDir, { recursive: true });
  return copyToFreeName(resolved.path, outDir, resolved.fileName);
}

/**
 * Copies beside what the folder holds, never over it: « preuve-X.pdf.zip », then
 * « preuve-X.pdf (2).zip »… Two acts of the same name (two folders, two communes) export
 * under the same name; the second used to replace the first.
 */
function copyToFreeName(source: string, outDir: string, fileName: string): string {
  const ext = extname(fileName);
  const base = fileName.slice(0, fileName.length - ext.length);
  for (let n = 1; n <= 1000; n++) {
    const target = join(outDir, n === 1 ? fileName : `${base} (${n})${ext}`);
    try {
      // EXCL: the name is taken atomically, even against another export running at once.
      copyFileSync(source, target, constants.COPYFILE_EXCL);
      return target;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new CliError(`L’export a échoué : « ${fileName} » existe déjà 1 000 fois dans ${outDir}.`, EXIT.error);
}

export function exportCommand(withContext: WithContext, setResult: SetResult): Command {
  return new Command('export')
    .description('exporter le paquet de preuve d’un document')
    .argument('<documentId>', 'identifiant du document (voir sceau status)')
    .option('--out <dossier>', 'dossier de destination', '.')
    .option('--receipt', 'exporter l’attestation PDF au lieu du paquet de preuve')
    .action(async (documentId: string, opts: { out: string; receipt?: boolean }) => {
      setResult(
        await withContext(async (ctx) => {
          const outDir = resolve(opts.out);
          if (existsSync(outDir) && !statSync(outDir).isDirectory())
            throw new CliError(`--out doit être un dossier : ${outDir}`, EXIT.usage);
          const ref = opts.receipt
            ? await ctx.call('exportReceipt', { documentId })
            : await ctx.call('exportEvidence', { documentId });
          const path = await saveExport(ctx, ref.exportId, outDir);
          if (ctx.out.json) ctx.out.data({ path, fileName: ref.fileName });
          else ctx.out.line(`Exporté : ${path}`);
          return EXIT.ok;
        }),
      );
    });
}
