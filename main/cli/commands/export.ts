// `sceau export`: a document's evidence package (or its PDF receipt) copied to a folder.
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import type { CliContext, SetResult, WithContext } from '../context';
import { CliError, EXIT } from '../exit-codes';

async function saveExport(ctx: CliContext, exportId: string, outDir: string): Promise<string> {
  const resolved = (await ctx.engine()).resolveExport(exportId);
  if (!resolved) throw new CliError('L’export a échoué : fichier introuvable.', EXIT.error);
  mkdirSync(outDir, { recursive: true });
  const target = join(outDir, resolved.fileName);
  copyFileSync(resolved.path, target);
  return target;
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
