// The two texts of an evidence package: LISEZMOI.txt (plain French, for an auditor) and
// verifier.sh (bash + sha256sum, openssl, xmllint). The script is the same for every
// package (assets/evidence/verifier.sh): it carries no fact of its own, it cross-checks files.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { assetsDir } from '../assets';

export interface EvidenceTsaFacts {
  /** zero-padded seq of the stamped journal head */
  seq: string;
  /** TSA name as the token gives it. */
  name: string;
  /** SHA-256 fingerprint (AA:BB:…) of the first certificate of the packaged chain. */
  fingerprint: string;
  subject: string;
  genTime: string;
}

export interface EvidenceFacts {
  commune: string;
  documentName: string;
  documentSize: string;
  sha256: string;
  firstSeq: number;
  lastSeq: number;
  anchorSeq: number | null;
  /** Journal seq of the document's sealing entry. */
  captureSeq: number;
  captureAt: string;
  tokens: EvidenceTsaFacts[];
  sedaVersion: string;
  hasAck: boolean;
  hasAtr: boolean;
  messageIdentifier: string | null;
  archiveReference: string | null;
  generatedAt: string;
  /** Deposited on the demo archive, stamped by the demo TSA. */
  demo: boolean;
  /** The policy says the TSA is a qualified eIDAS one. */
  qualified: boolean;
}

export function tsVerifyCommand(seq: string, ca = `horodatage/autorite-${seq}.pem`): string {
  return (
    `openssl ts -verify -data horodatage/tete-journal-${seq}.txt -in horodatage/jeton-${seq}.tsr -token_in ` +
    `-CAfile ${ca} -untrusted horodatage/signataire-${seq}.pem -partial_chain`
  );
}

export function xmllintCommand(version: string, file: string): string {
  return `XML_CATALOG_FILES=schemas/catalog.xml xmllint --nonet --noout --schema schemas/seda-${version}-main.xsd ${file}`;
}

let cachedScript: string | null = null;

/** The auditor's script, identical for every package. */
export function verifierScript(): string {
  cachedScript ??= readFileSync(path.join(assetsDir(), 'evidence', 'verifier.sh'), 'utf8');
  return cachedScript;
}

export function lisezmoiText(f: EvidenceFacts): string {
  const range = f.anchorSeq !== null ? `${f.anchorSeq} (ancre) à ${f.lastSeq}` : `${f.firstSeq} à ${f.lastSeq}`;
  const stamped = f.tokens.length > 0;
  const lines = [
    'PAQUET DE PREUVE — SCEAU',
    '========================',
    '',
    ...(f.demo
      ? [
          '*** DÉMONSTRATION *** Ce paquet vient de l’archive de démonstration de Sceau :',
          'il n’a AUCUNE valeur probante.',
          '',
        ]
      : []),
    ...(f.tokens.some((t) => /démonstration/i.test(t.name))
      ? [
          'Les jetons viennent de l’autorité d’horodatage de « démonstration » de Sceau (clés sur le poste,',
          'horloge du poste) : ils ne prouvent aucune date.',
          '',
        ]
      : []),
    ...(!stamped
      ? [
          '*** NON HORODATÉ *** Aucun jeton d’horodatage n’accompagne ce document : sa date de capture',
          'n’est prouvée par rien d’extérieur au poste qui l’a produit.',
          '',
        ]
      : []),
    `Collectivité : ${f.commune}`,
    `Document : ${f.documentName} (${f.documentSize})`,
    `Empreinte SHA-256 : ${f.sha256}`,
    `Scellé (capturé) le : ${f.captureAt} — entrée n° ${f.captureSeq} du journal`,
    ...(f.messageIdentifier ? [`Identifiant du transfert : ${f.messageIdentifier}`] : []),
    ...(f.archiveReference ? [`Cote attribuée par l’archive : ${f.archiveReference}`] : []),
    `Paquet produit le ${f.generatedAt}.`,
    '',
    'EN CLAIR : CE QUE CE PAQUET PROUVE, ET CE QU’IL NE PROUVE PAS',
    '-------------------------------------------------------------',
    'Si toutes les vérifications réussissent, et si le certificat de l’autorité d’horodatage est',
    'bien celui que l’autorité publie (voir plus bas), ce paquet prouve :',
    '  - que le document ci-dessus est, à l’octet près, celui que Sceau a scellé ;',
    '  - que ce scellement figurait dans le journal de Sceau au plus tard à la date du jeton',
    '    d’horodatage, et que le journal n’a pas été modifié depuis sur ce passage ;',
    '  - que le bordereau de versement décrit ce document (même empreinte, même taille), et que',
    '    l’accusé de réception et la réponse de l’archive joints sont ceux que Sceau a reçus et',
    '    consignés au journal (avec la cote attribuée).',
    'Il ne prouve pas :',
    '  - qui est l’auteur du document, ni que l’acte est juridiquement valide ou exécutoire ;',
    '  - que le document n’existait pas avant sa capture, ni son contenu avant le scellement ;',
    '  - que l’archive conserve encore le document aujourd’hui : interrogez-la avec la cote ;',
    '  - quoi que ce soit si le certificat de l’autorité n’est pas celui qu’elle publie : un',
    '    faussaire peut joindre au paquet le certificat d’une autorité qu’il a lui-même créée.',
    ...(f.qualified
      ? ['L’autorité d’horodatage est déclarée qualifiée (eIDAS) par la politique de la collectivité.']
      : ['L’autorité d’horodatage n’est pas déclarée « qualifiée » au sens du règlement eIDAS.']),
    '',
    'CONTENU',
    '-------',
    `document/${f.documentName}   copie exacte du document conservée au moment de la capture`,
    'empreinte.sha256             son empreinte SHA-256',
    `journal/entrees/             les entrées ${range} du journal, une par fichier`,
    'journal/chaine.sha256        l’empreinte attendue de chaque entrée',
    'journal/extrait.jsonl        les mêmes entrées avec leur empreinte, une par ligne',
    'horodatage/                  jetons (.tsr), textes horodatés (.txt), certificats (.pem) de chaque autorité',
    'seda/                        messages SEDA : bordereau, accusé de réception, réponse au transfert',
    `schemas/                     schémas officiels SEDA ${f.sedaVersion} pour la validation hors ligne`,
    'verifier.sh                  toutes les vérifications ci-dessous en une fois',
    '',
    'L’AUTORITÉ D’HORODATAGE : À CONTRÔLER HORS DU PAQUET',
    '----------------------------------------------------',
  ];
  if (!stamped) lines.push('Aucune : ce paquet est non horodaté.', '');
  for (const t of f.tokens) {
    lines.push(
      `Jeton de l’entrée n° ${Number(t.seq)} : ${t.genTime}, par ${t.name}`,
      `  certificat joint : ${t.subject}`,
      `  empreinte SHA-256 : ${t.fingerprint}`,
    );
  }
  lines.push(
    'Comparez cette empreinte avec celle publiée par l’autorité d’horodatage (ou communiquée par',
    'le service informatique de la mairie). Si elles diffèrent, le paquet ne prouve rien. Avec le',
    'certificat obtenu ailleurs, relancez : bash verifier.sh --ca certificat-obtenu-ailleurs.pem',
    '',
    'VÉRIFIER EN UNE COMMANDE',
    '------------------------',
    'Dans un terminal (Linux, macOS, ou sous Windows « Git Bash » ou WSL) :',
    '',
    '    unzip preuve-….zip && cd preuve && bash verifier.sh',
    '',
    'Chaque contrôle affiche OK, ATTENTION ou ÉCHEC ; le script se termine par un bilan.',
    'Outils nécessaires : unzip, sha256sum (coreutils), openssl (version 3), xmllint (libxml2)',
    'et bash. verifier.sh est le même pour tous les paquets Sceau, mais celui-ci a pu être',
    'remplacé : avant de le lancer, comparez « sha256sum verifier.sh » avec l’empreinte publiée',
    'dans la documentation de Sceau (README, « Pour les archivistes »), ou lancez votre copie.',
    '',
    'VÉRIFIER PAS À PAS (depuis le dossier preuve/)',
    '----------------------------------------------',
    '1. Le document est intact :',
    '',
    '    sha256sum --strict -c empreinte.sha256',
    '',
    '   Le résultat doit être « OK » (--strict : sans lui, une ligne mal formée est sautée',
    '   sans échec, et le fichier qu’elle nomme n’est pas contrôlé).',
    '',
    '2. Chaque entrée du journal est intacte (les parenthèses vous laissent dans preuve/,',
    '   même en cas d’échec) :',
    '',
    '    (cd journal && sha256sum --strict -c chaine.sha256)',
    '',
    '   L’empreinte d’une entrée est le SHA-256 du fichier entrees/<numéro>.json, qui contient',
    '   l’entrée en JSON canonique (clés dans l’ordre alphabétique, sans espace, sans son propre',
    '   champ « hash »). Chaque entrée contient « prevHash », l’empreinte de l’entrée précédente :',
    '   modifier, retirer ou déplacer une seule entrée rompt cette chaîne.',
    '',
    `   L’entrée n° ${f.captureSeq} (scellement) contient l’empreinte du document et « "to":"sealed" ».`,
    '   Elle doit être au plus tard l’entrée horodatée par un jeton (étape 3) : une entrée ajoutée',
    '   après le dernier jeton ne prouve rien.',
    '',
    '3. Le journal a été horodaté :',
    '',
  );
  if (!stamped) {
    lines.push('   Aucun jeton d’horodatage : cette étape échoue, le paquet est non horodaté.', '');
  }
  for (const t of f.tokens) {
    lines.push(
      `   horodatage/tete-journal-${t.seq}.txt contient exactement l’empreinte de l’entrée n° ${Number(t.seq)}`,
      '   (64 caractères, sans retour à la ligne) : c’est ce texte qui a été horodaté, et il couvre',
      `   toutes les entrées jusqu’à la n° ${Number(t.seq)}. Vérifiez :`,
      '',
      `    sha256sum journal/entrees/${t.seq}.json`,
      `    ${tsVerifyCommand(t.seq)}`,
      `    openssl ts -reply -in horodatage/jeton-${t.seq}.tsr -token_in -token_out -text`,
      '',
      '   La première empreinte doit être égale au contenu de tete-journal ; openssl doit afficher',
      '   « Verification: OK » ; la dernière commande donne la date (Time stamp) et l’autorité (TSA).',
      '   Cette date doit suivre de peu la date de capture (« at » de l’entrée de scellement).',
      '',
    );
  }
  lines.push(
    '4. Les messages SEDA sont conformes et sont bien ceux consignés au journal :',
    '',
    `    ${xmllintCommand(f.sedaVersion, 'seda/bordereau.xml')}`,
  );
  if (f.hasAck) lines.push(`    ${xmllintCommand(f.sedaVersion, 'seda/accuse-reception.xml')}`);
  if (f.hasAtr) lines.push(`    ${xmllintCommand(f.sedaVersion, 'seda/reponse-transfert.xml')}`);
  lines.push(
    '    sha256sum seda/*.xml',
    '',
    '   Chaque xmllint doit afficher « validates ». Chaque empreinte doit être celle consignée',
    '   au journal dans une entrée « transfer.message » (champ « sha256 ») couverte par un jeton.',
    '   Le bordereau décrit le document par la même empreinte SHA-256 (MessageDigest) et la même',
    '   taille (Size). La réponse au transfert répond au bordereau : son MessageRequestIdentifier',
    '   est le MessageIdentifier du bordereau ; elle porte le code de réponse (000 ou OK : versement',
    '   accepté) et la cote consignée au journal (ArchivalAgencyArchiveUnitIdentifier, ou SystemId',
    '   pour Vitam).',
    '',
  );
  return lines.join('\n');
}
