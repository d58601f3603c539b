import { Command, Option } from 'commander';
import { checkProfileAgainstPolicy } from '../../core/policy';
import type { ProfileInput } from '../../contract/api';
import type { CliContext } from '../context';
import { CliError, EXIT } from '../exit-codes';
import { resolvePassword, SESSION_ONLY_WARNING } from '../password';
import { resolveProfile } from '../profiles';
import { readBounded } from '../read-bounded';
import { CLASSIFICATION_FILE_MAX_BYTES } from '../../core/acts/classification-file';
import { basename } from 'node:path';
import { archiveSettingsCommand } from './profile-archive';

type WithContext = (run: (ctx: CliContext) => Promise<number>) => Promise<number>;

interface AddOptions {
  name: string;
  siren: string;
  archive: 'demo' | 'asalae' | 'vitam';
  url: string[];
  login?: string;
  seda: '2.1' | '2.2';
  archivalAgency?: string;
  transferringAgency?: string;
  originatingAgency?: string;
  agreement?: string;
  archivalProfile?: string;
  vitamTenant?: string;
  vitamAccessContract?: string;
  passwordStdin?: boolean;
}

export function profileCommand(withContext: WithContext, setResult: (code: number) => void): Command {
  const profile = new Command('profile').description('gérer les profils (une collectivité = un profil)');

  profile
    .command('add')
    .description('créer un profil')
    .requiredOption('--name <nom>', 'nom de la collectivité')
    .requiredOption('--siren <siren>', 'SIREN (9 chiffres)')
    .addOption(new Option('--archive <type>', 'type d’archive').choices(['demo', 'asalae', 'vitam']).default('demo'))
    .option(
      '--url <url>',
      'adresse de l’archive (répétable : secours)',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option('--login <identifiant>', 'identifiant de connexion')
    .addOption(new Option('--seda <version>', 'version SEDA').choices(['2.1', '2.2']).default('2.1'))
    .option('--archival-agency <id>', 'service d’archives')
    .option('--transferring-agency <id>', 'service versant')
    .option('--originating-agency <id>', 'service producteur')
    .option('--agreement <id>', 'accord de versement')
    .option('--archival-profile <id>', 'profil d’archive')
    .option('--vitam-tenant <n>', 'tenant Vitam')
    .option('--vitam-access-contract <id>', 'contrat d’accès Vitam (consultation du journal des opérations)')
    .option('--password-stdin', 'lire le mot de passe de l’archive sur l’entrée standard')
    .action(async (opts: AddOptions) => {
      setResult(
        await withContext(async (ctx) => {
          if (!/^\d{9}$/.test(opts.siren.replace(/\s/g, '')))
            throw new CliError(`SIREN invalide « ${opts.siren} » : 9 chiffres attendus.`, EXIT.usage);
          const draft: ProfileInput = {
            name: opts.name,
            siren: opts.siren.replace(/\s/g, ''),
            archiveKind: opts.archive,
            endpoints: opts.url.map((url) => ({ url })),
            sedaVersion: opts.seda,
            login: opts.login ?? '',
            archivalAgencyId: opts.archivalAgency ?? '',
            transferringAgencyId: opts.transferringAgency ?? '',
            originatingAgencyId: opts.originatingAgency ?? '',
            archivalAgreement: opts.agreement ?? '',
            archivalProfile: opts.archivalProfile ?? '',
            ...(opts.vitamAccessContract ? { vitamAccessContract: opts.vitamAccessContract } : {}),
          };
          if (opts.vitamTenant !== undefined) {
            const tenant = Number(opts.vitamTenant);
            if (!Number.isInteger(tenant) || tenant < 0)
              throw new CliError('--vitam-tenant : un entier positif est attendu.', EXIT.usage);
            draft.vitamTenant = tenant;
          }
          if (draft.archiveKind !== 'demo' && (draft.endpoints ?? []).length === 0) {
            throw new CliError(`--url est obligatoire pour une archive ${draft.archiveKind}.`, EXIT.usage);
          }
          const refusal = checkProfileAgainstPolicy(draft, ctx.policy);
          if (refusal) throw new CliError(refusal, EXIT.usage);
          const password = await resolvePassword(opts);
          ctx.log.registerSecret(password);
          const created = await ctx.call('createProfile', {
            profile: draft,
            ...(password !== undefined ? { password } : {}),
          });
          if (ctx.out.json) ctx.out.data(created);
          else ctx.out.line(`Profil créé : ${created.name} (SIREN ${created.siren}, id ${created.id}).`);
          // Without a keychain the password lives in this process only: say it, never drop it silently.
          if (password !== undefined && created.archiveKind !== 'demo') {
            const { keychain } = await ctx.call('getAppInfo', {});
            if (keychain.kind === 'session') ctx.out.warn(SESSION_ONLY_WARNING);
          }
          return EXIT.ok;
        }),
      );
    });

  profile
    .command('list')
    .description('lister les profils')
    .action(async () => {
      setResult(
        await withContext(async (ctx) => {
          const profiles = await ctx.call('listProfiles', {});
          if (ctx.out.json) ctx.out.data(profiles);
          else if (profiles.length === 0) ctx.out.line('Aucun profil.');
          else
            for (const p of profiles)
              ctx.out.line(
                `${p.id}  ${p.siren}  ${p.archiveKind.padEnd(6)}  ${p.name}${p.hasPassword ? '' : '  (sans mot de passe enregistré)'}`,
              );
          return EXIT.ok;
        }),
      );
    });
  profile
    .command('classification')
    .description('classification des actes : importer celle de la préfecture, ou revenir à la nationale')
    .argument('[fichier]', 'fichier « retour de classification » (XML) fourni par la plateforme @CTES')
    .option('--profile <profil>', 'profil (nom, SIREN ou id ; facultatif s’il n’y en a qu’un)')
    .option('--national', 'revenir à la nomenclature nationale')
    .action(async (file: string | undefined, opts: { profile?: string; national?: boolean }) => {
      setResult(
        await withContext(async (ctx) => {
          if (file !== undefined && opts.national)
            throw new CliError('Donnez un fichier ou --national, pas les deux.', EXIT.usage);
          const p = await resolveProfile(ctx, opts.profile);
          let view;
          if (opts.national) view = await ctx.call('resetClassification', { profileId: p.id });
          else if (file !== undefined) {
            let bytes: Buffer | null;
            try {
              bytes = readBounded(file, CLASSIFICATION_FILE_MAX_BYTES);
            } catch {
              throw new CliError(`Fichier illisible ou introuvable : ${file}`, EXIT.usage);
            }
            if (!bytes)
              throw new CliError('Le fichier de classification est trop volumineux (2 Mo au plus).', EXIT.usage);
            view = await ctx.call('importClassification', {
              profileId: p.id,
              fileName: basename(file),
              contentBase64: bytes.toString('base64'),
            });
          } else view = await ctx.call('getClassification', { profileId: p.id });
          if (ctx.out.json) ctx.out.data(view);
          else if (view.source === 'prefecture')
            ctx.out.line(
              `${p.name} : nomenclature de la préfecture, ${view.count} codes (« ${view.fileName} »${view.date ? `, du ${view.date}` : ''}).`,
            );
          else ctx.out.line(`${p.name} : nomenclature nationale (${view.count} codes).`);
          return EXIT.ok;
        }),
      );
    });
  profile.addCommand(archiveSettingsCommand(withContext, setResult));
  return profile;
}
