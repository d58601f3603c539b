// `sceau profile gestion`: the archive-side settings of a profile — Vitam access contract,
// as@lae piece size, management metadata (appraisal rule, access rule, ServiceLevel, agency
// names, where rules go, title convention, producer of individual acts). The admin policy may
// impose some: the engine then refuses the change with its reason.
import { Command, Option } from 'commander';
import type { ManagementSettings } from '../../contract/types';
import type { CliContext } from '../context';
import { CliError, EXIT } from '../exit-codes';
import { resolveProfile } from '../profiles';
import { readBounded } from '../read-bounded';

/** The contract's bound on a profile's SEDA profile (sedaProfileRng: 5 Mio). */
const SEDA_PROFILE_MAX_BYTES = 5 * 1024 * 1024;

type WithContext = (run: (ctx: CliContext) => Promise<number>) => Promise<number>;

interface ArchiveSettingsOptions {
  profile?: string;
  vitamAccessContract?: string;
  asalaeChunkBytes?: string;
  appraisalRule?: string;
  appraisalStart?: 'act' | 'transfer';
  finalAction?: 'Keep' | 'Destroy';
  accessRule?: string;
  serviceLevel?: string;
  archivalAgencyName?: string;
  transferringAgencyName?: string;
  originatingAgencyName?: string;
  rulesPlacement?: 'management-metadata' | 'root-unit';
  titleTemplate?: string;
  personalDataProducer?: string;
  reset?: boolean;
  /** commander: the file for --seda-profile, false for --no-seda-profile. */
  sedaProfile?: string | false;
}

/** The management settings given on the command line, over the current ones. */
export function managementFrom(current: ManagementSettings, o: ArchiveSettingsOptions): ManagementSettings {
  const m: ManagementSettings = o.reset ? {} : structuredClone(current);
  if (o.appraisalRule !== undefined || o.appraisalStart !== undefined || o.finalAction !== undefined)
    m.appraisal = {
      ...m.appraisal,
      ...(o.appraisalRule !== undefined ? { rule: o.appraisalRule } : {}),
      ...(o.appraisalStart !== undefined ? { startDate: o.appraisalStart } : {}),
      ...(o.finalAction !== undefined ? { finalAction: o.finalAction } : {}),
    };
  if (o.accessRule !== undefined) m.accessRule = o.accessRule;
  if (o.serviceLevel !== undefined) m.serviceLevel = o.serviceLevel;
  if (
    o.archivalAgencyName !== undefined ||
    o.transferringAgencyName !== undefined ||
    o.originatingAgencyName !== undefined
  )
    m.agencyNames = {
      ...m.agencyNames,
      ...(o.archivalAgencyName !== undefined ? { archival: o.archivalAgencyName } : {}),
      ...(o.transferringAgencyName !== undefined ? { transferring: o.transferringAgencyName } : {}),
      ...(o.originatingAgencyName !== undefined ? { originating: o.originatingAgencyName } : {}),
    };
  if (o.rulesPlacement !== undefined) m.rulesPlacement = o.rulesPlacement;
  if (o.titleTemplate !== undefined) m.titleTemplate = o.titleTemplate;
  if (o.personalDataProducer !== undefined) m.personalDataOriginatingAgencyId = o.personalDataProducer;
  return m;
}

export function archiveSettingsCommand(withContext: WithContext, setResult: (code: number) => void): Command {
  return new Command('gestion')
    .description('réglages côté archive : contrat d’accès Vitam, taille des morceaux as@lae, règles de gestion')
    .option('--profile <profil>', 'profil (nom, SIREN ou id ; facultatif s’il n’y en a qu’un)')
    .option(
      '--vitam-access-contract <id>',
      'contrat d’accès Vitam (X-Access-Contract-Id), pour vérifier un envoi interrompu',
    )
    .option(
      '--asalae-chunk-bytes <octets>',
      'taille des morceaux as@lae, aussi le seuil d’envoi en morceaux (2097152 par défaut)',
    )
    .option('--appraisal-rule <code>', 'règle de durée d’utilité administrative (ex. APP-00001)')
    .addOption(new Option('--appraisal-start <début>', 'point de départ de la DUA').choices(['act', 'transfer']))
    .addOption(new Option('--final-action <sort>', 'sort final').choices(['Keep', 'Destroy']))
    .option('--access-rule <code>', 'règle de communicabilité (remplace AR038 / AR048)')
    .option('--service-level <niveau>', 'niveau de service (ServiceLevel)')
    .option('--archival-agency-name <nom>', 'nom du service d’archives')
    .option('--transferring-agency-name <nom>', 'nom du service versant')
    .option('--originating-agency-name <nom>', 'nom du service producteur')
    .addOption(
      new Option('--rules-placement <où>', 'où écrire les règles').choices(['management-metadata', 'root-unit']),
    )
    .option('--title-template <modèle>', 'titre des actes, ex. « Actes soumis au contrôle de légalité : {objet} »')
    .option('--personal-data-producer <id>', 'service producteur des actes individuels (données personnelles)')
    .option('--reset', 'effacer les règles de gestion (retour aux valeurs par défaut)')
    .option(
      '--seda-profile <fichier.rng>',
      'profil SEDA (RelaxNG) de l’archive : chaque bordereau est vérifié avant envoi',
    )
    .option('--no-seda-profile', 'ne plus vérifier les bordereaux contre un profil SEDA')
    .action(async (opts: ArchiveSettingsOptions) => {
      setResult(
        await withContext(async (ctx) => {
          const p = await resolveProfile(ctx, opts.profile);
          const current = (await ctx.call('listProfiles', {})).find((x) => x.id === p.id);
          if (!current) throw new CliError('Profil introuvable.', EXIT.usage);
          let chunk: number | undefined;
          if (opts.asalaeChunkBytes !== undefined) {
            chunk = Number(opts.asalaeChunkBytes);
            if (!Number.isInteger(chunk) || chunk < 65_536)
              throw new CliError('--asalae-chunk-bytes : un nombre d’octets entier, 65536 au moins.', EXIT.usage);
          }
          let sedaProfileRng: string | undefined;
          if (typeof opts.sedaProfile === 'string') {
            let bytes: Buffer | null;
            try {
              bytes = readBounded(opts.sedaProfile, SEDA_PROFILE_MAX_BYTES);
            } catch {
              throw new CliError(`Profil SEDA illisible : ${opts.sedaProfile}`, EXIT.usage);
            }
            if (!bytes)
              throw new CliError(`Profil SEDA trop volumineux : ${opts.sedaProfile} (5 Mo au plus).`, EXIT.usage);
            sedaProfileRng = bytes.toString('utf8');
          } else if (opts.sedaProfile === false) sedaProfileRng = '';
          const updated = await ctx.call('updateProfile', {
            id: p.id,
            profile: {
              management: managementFrom(current.management, opts),
              ...(opts.vitamAccessContract !== undefined ? { vitamAccessContract: opts.vitamAccessContract } : {}),
              ...(chunk !== undefined ? { asalaeChunkBytes: chunk } : {}),
              ...(sedaProfileRng !== undefined ? { sedaProfileRng } : {}),
            },
          });
          if (ctx.out.json)
            ctx.out.data({
              id: updated.id,
              management: updated.management,
              vitamAccessContract: updated.vitamAccessContract ?? null,
              asalaeChunkBytes: updated.asalaeChunkBytes ?? null,
              sedaProfileBytes: updated.sedaProfileBytes ?? null,
            });
          else ctx.out.line(`Réglages de l’archive enregistrés pour ${updated.name}.`);
          return EXIT.ok;
        }),
      );
    });
}
