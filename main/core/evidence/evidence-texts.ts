// The two texts of an evidence package: LISEZMOI.txt (plain French, for an auditor) and
// verifier.sh (bash, using only sha256sum, openssl and xmllint: the same commands).

export interface EvidenceFacts {
  commune: string;
  documentName: string;
  documentSize: string;
  sha256: string;
  firstSeq: number;
  lastSeq: number;
  anchorSeq: number | null;
  /** zero-padded seqs of the stamped journal heads */
  tokenSeqs: string[];
  sedaVersion: string;
  hasAck: boolean;
  hasAtr: boolean;
  messageIdentifier: string | null;
  generatedAt: string;
}

function xmlFiles(f: EvidenceFacts): Array<[string, string]> {
  return [
    ['seda/bordereau.xml', 'bordereau de versement'],
    ...(f.hasAck ? ([['seda/accuse-reception.xml', 'accusé de réception']] as Array<[string, string]>) : []),
    ...(f.hasAtr ? ([['seda/reponse-transfert.xml', 'réponse au transfert']] as Array<[string, string]>) : []),
  ];
}

export function tsVerifyCommand(seq: string): string {
  return (
    `openssl ts -verify -data horodatage/tete-journal-${seq}.txt -in horodatage/jeton-${seq}.tsr -token_in ` +
    `-CAfile horodatage/autorite.pem -untrusted horodatage/signataire-${seq}.pem -partial_chain`
  );
}

export function xmllintCommand(version: string, file: string): string {
  return `XML_CATALOG_FILES=schemas/catalog.xml xmllint --nonet --noout --schema schemas/seda-${version}-main.xsd ${file}`;
}

export function lisezmoiText(f: EvidenceFacts): string {
  const range = f.anchorSeq !== null ? `${f.anchorSeq} (ancre) à ${f.lastSeq}` : `${f.firstSeq} à ${f.lastSeq}`;
  const lines = [
    'PAQUET DE PREUVE — SCEAU',
    '========================',
    '',
    `Collectivité : ${f.commune}`,
    `Document : ${f.documentName} (${f.documentSize})`,
    `Empreinte SHA-256 : ${f.sha256}`,
    ...(f.messageIdentifier ? [`Identifiant du transfert : ${f.messageIdentifier}`] : []),
    `Paquet produit le ${f.generatedAt}.`,
    '',
    'Ce paquet permet de vérifier, sans Sceau et sans connexion, que le document ci-dessus est',
    'exactement celui qui a été capturé, qu’il figure dans le journal infalsifiable de Sceau, que',
    'ce journal a été horodaté par une autorité d’horodatage (RFC 3161), et quels messages ont été',
    'échangés avec le service d’archives.',
    '',
    'CONTENU',
    '-------',
    `document/${f.documentName}   copie exacte du document conservée au moment de la capture`,
    'empreinte.sha256             son empreinte SHA-256',
    `journal/entrees/             les entrées ${range} du journal, une par fichier`,
    'journal/chaine.sha256        l’empreinte attendue de chaque entrée',
    'journal/extrait.jsonl        les mêmes entrées avec leur empreinte, une par ligne',
    'horodatage/                  jetons d’horodatage (.tsr), données horodatées (.txt), certificats (.pem)',
    'seda/                        messages SEDA : bordereau, accusé de réception, réponse au transfert',
    `schemas/                     schémas officiels SEDA ${f.sedaVersion} pour la validation hors ligne`,
    'verifier.sh                  toutes les vérifications ci-dessous en une fois',
    '',
    'VÉRIFIER EN UNE COMMANDE',
    '------------------------',
    'Dans un terminal (Linux, macOS, ou sous Windows « Git Bash » ou WSL), depuis ce dossier :',
    '',
    '    bash verifier.sh',
    '',
    'Chaque contrôle affiche OK ou ÉCHEC ; le script se termine par un bilan.',
    'Outils nécessaires : sha256sum (coreutils), openssl (version 3) et xmllint (libxml2).',
    '',
    'VÉRIFIER PAS À PAS',
    '------------------',
    '1. Le document est intact :',
    '',
    '    sha256sum -c empreinte.sha256',
    '',
    '   Le résultat doit être « OK ».',
    '',
    '2. Chaque entrée du journal est intacte :',
    '',
    '    cd journal && sha256sum -c chaine.sha256 && cd ..',
    '',
    '   L’empreinte d’une entrée est le SHA-256 du fichier entrees/<numéro>.json. Ce fichier',
    '   contient l’entrée en JSON canonique : clés dans l’ordre alphabétique, sans espace, sans',
    '   son propre champ « hash ». Chaque entrée contient « prevHash », l’empreinte de l’entrée',
    '   précédente : ouvrez les fichiers dans l’ordre et vérifiez que « prevHash » de chacun est',
    '   bien l’empreinte de celui d’avant (verifier.sh le fait pour vous). Modifier, retirer ou',
    '   déplacer une seule entrée rompt cette chaîne.',
    '',
    `   L’empreinte du document (${f.sha256})`,
    '   apparaît dans l’entrée de capture du journal.',
    '',
    '3. Le journal a été horodaté :',
    '',
  ];
  if (f.tokenSeqs.length === 0) {
    lines.push('   Aucun jeton d’horodatage n’était encore disponible lors de la production de ce paquet.', '');
  } else {
    for (const seq of f.tokenSeqs) {
      lines.push(
        `   Le fichier horodatage/tete-journal-${seq}.txt contient exactement l’empreinte de`,
        `   l’entrée n° ${Number(seq)} (64 caractères, sans retour à la ligne) ; c’est ce texte qui a été`,
        '   horodaté. Comme chaque entrée contient l’empreinte de la précédente, ce jeton couvre',
        `   toutes les entrées jusqu’à la n° ${Number(seq)}. Vérifiez :`,
        '',
        `    sha256sum journal/entrees/${seq}.json`,
        `    ${tsVerifyCommand(seq)}`,
        '',
        '   La première empreinte doit être égale au contenu de tete-journal; openssl doit',
        '   afficher « Verification: OK ». Pour lire la date et l’autorité :',
        '',
        `    openssl ts -reply -in horodatage/jeton-${seq}.tsr -token_in -token_out -text`,
        '',
      );
    }
  }
  lines.push('4. Les messages SEDA sont conformes au schéma officiel :', '');
  for (const [file] of xmlFiles(f)) lines.push(`    ${xmllintCommand(f.sedaVersion, file)}`);
  lines.push(
    '',
    '   Chaque commande doit afficher « validates ».',
    '',
    'Le bordereau décrit le document par la même empreinte SHA-256 ; la réponse au transfert',
    'contient le code de réponse de l’archive (000 ou OK : versement accepté) et la cote attribuée.',
    '',
  );
  return lines.join('\n');
}

export function verifierScript(f: EvidenceFacts): string {
  const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const lines = [
    '#!/usr/bin/env bash',
    '# Vérification autonome du paquet de preuve Sceau.',
    '# Outils utilisés : sha256sum, openssl, xmllint (et le shell bash lui-même).',
    'set -u',
    'case "$0" in */*) cd "${0%/*}" || exit 2 ;; esac',
    'echecs=0',
    'ok() { printf \'OK      %s\\n\' "$1"; }',
    'ko() { printf \'ÉCHEC   %s\\n\' "$1"; echecs=$((echecs + 1)); }',
    '',
    '# 1. Le document',
    'if sha256sum --quiet -c empreinte.sha256; then ok "document intact (empreinte SHA-256 conforme)"; else ko "le document ne correspond pas à son empreinte"; fi',
    'read -r empreinte _ < empreinte.sha256',
    '',
    '# 2. Les entrées du journal',
    'if (cd journal && sha256sum --quiet -c chaine.sha256); then ok "chaque entrée du journal correspond à son empreinte"; else ko "une entrée du journal a été modifiée"; fi',
    '',
    '# 3. Les liens de la chaîne (prevHash de chaque entrée = empreinte de la précédente)',
    `precedent=${f.anchorSeq === null ? q('0'.repeat(64)) : '""'}`,
    'liens=1',
    'document_journalise=0',
    'while read -r empreinte_entree fichier; do',
    '  contenu=$(<"journal/$fichier")',
    '  lien=${contenu##*\\"prevHash\\":\\"}',
    '  lien=${lien:0:64}',
    '  if [ -n "$precedent" ] && [ "$lien" != "$precedent" ]; then ko "chaîne rompue à $fichier"; liens=0; fi',
    '  case $contenu in *"$empreinte"*) document_journalise=1 ;; esac',
    '  precedent=$empreinte_entree',
    'done < journal/chaine.sha256',
    'if [ "$liens" = 1 ]; then ok "la chaîne du journal est continue"; fi',
    'if [ "$document_journalise" = 1 ]; then ok "l’empreinte du document figure dans le journal"; else ko "l’empreinte du document est absente du journal"; fi',
    '',
    '# 4. Les jetons d’horodatage',
  ];
  for (const seq of f.tokenSeqs) {
    lines.push(
      `calcul=$(sha256sum journal/entrees/${seq}.json)`,
      `tete=$(<horodatage/tete-journal-${seq}.txt)`,
      `if [ "\${calcul%% *}" = "$tete" ]; then ok "le texte horodaté est l’empreinte de l’entrée ${Number(seq)}"; else ko "le texte horodaté ne correspond pas à l’entrée ${Number(seq)}"; fi`,
      `if ${tsVerifyCommand(seq)} >/dev/null 2>&1; then`,
      `  texte=$(openssl ts -reply -in horodatage/jeton-${seq}.tsr -token_in -token_out -text 2>/dev/null)`,
      "  date=${texte#*Time stamp: }; date=${date%%$'\\n'*}",
      `  ok "jeton d’horodatage valide pour l’entrée ${Number(seq)} ($date)"`,
      'else',
      `  ko "jeton d’horodatage de l’entrée ${Number(seq)} invalide"`,
      'fi',
    );
  }
  if (f.tokenSeqs.length === 0) lines.push('printf \'%s\\n\' "(aucun jeton d’horodatage dans ce paquet)"');
  lines.push('', '# 5. Les messages SEDA');
  for (const [file, label] of xmlFiles(f)) {
    lines.push(
      `if ${xmllintCommand(f.sedaVersion, file)} 2>/dev/null; then ok ${q(`${label} conforme au schéma SEDA ${f.sedaVersion}`)}; else ko ${q(`${label} non conforme au schéma SEDA ${f.sedaVersion}`)}; fi`,
    );
  }
  lines.push(
    '',
    'if [ "$echecs" = 0 ]; then',
    '  printf \'%s\\n\' "Bilan : toutes les vérifications ont réussi."',
    '  exit 0',
    'fi',
    'printf \'%s\\n\' "Bilan : $echecs vérification(s) en échec."',
    'exit 1',
    '',
  );
  return lines.join('\n');
}
