// A prefecture's « retour de classification » (@CTES message 7-2) as the télétransmission
// platforms hand it out: ISO-8859-1, namespaced attributes, matières on up to three levels.
export interface Matiere {
  code: string;
  label: string;
  children?: Matiere[];
}

export const SAMPLE_MATIERES: Matiere[] = [
  {
    code: '1',
    label: 'Commande publique',
    children: [
      { code: '1', label: 'Marchés publics', children: [{ code: '2', label: 'Marchés à procédure adaptée' }] },
      { code: '4', label: 'Autres contrats' },
    ],
  },
  {
    code: '3',
    label: 'Domaine et patrimoine',
    children: [{ code: '5', label: 'Autres actes de gestion du domaine public' }],
  },
  {
    code: '7',
    label: 'Finances locales',
    children: [
      { code: '1', label: 'Décisions budgétaires' },
      { code: '10', label: 'Divers (spécifique à la préfecture d’Ille-et-Vilaine)' },
    ],
  },
];

function matiereXml(m: Matiere, level: number): string {
  const tag = `actes:Matiere${level}`;
  const inner = (m.children ?? []).map((c) => matiereXml(c, level + 1)).join('');
  return `<${tag} actes:CodeMatiere="${m.code}" actes:Libelle="${m.label}"${inner ? `>${inner}</${tag}>` : '/>'}`;
}

export function classificationXml(
  matieres: Matiere[] = SAMPLE_MATIERES,
  date = '2025-09-01',
  encoding: 'ISO-8859-1' | 'UTF-8' = 'ISO-8859-1',
): Buffer {
  const xml =
    `<?xml version="1.0" encoding="${encoding}"?>\n` +
    '<actes:RetourClassification xmlns:actes="http://www.interieur.gouv.fr/ACTES#v1.1-20040216" xmlns:insee="http://xml.insee.fr/schema">\n' +
    `  <actes:DateClassification>${date}</actes:DateClassification>\n` +
    '  <actes:NaturesActes><actes:NatureActe actes:CodeNatureActe="1" actes:Libelle="Deliberations" actes:TypeAbrege="DE"/></actes:NaturesActes>\n' +
    `  <actes:Matieres>${matieres.map((m) => matiereXml(m, 1)).join('')}</actes:Matieres>\n` +
    '</actes:RetourClassification>\n';
  // ’ has no ISO-8859-1 byte: written as a character reference, as the platforms do.
  return encoding === 'UTF-8' ? Buffer.from(xml, 'utf8') : Buffer.from(xml.replace(/’/g, '&#8217;'), 'latin1');
}
