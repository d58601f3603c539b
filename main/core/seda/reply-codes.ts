// What a SEDA reply code means (the SEDA reply-code list, archives_echanges_v0-2_reply_code.xsd,
// still what as@lae answers in ReplyCode). A refusal is shown with this meaning, not with the
// reply's Comment: as@lae echoes there the Comment of our own bordereau.
const LABELS: Record<string, string> = {
  '000': 'Opération réalisée.',
  '001': 'Opération réalisée (consulter les commentaires pour information).',
  '002': 'Opération réalisée (demande aux autorités de contrôle effectuée).',
  '101': 'Message mal formé.',
  '102': 'Système momentanément indisponible.',
  '103': 'Message déjà reçu.',
  '104': 'Message en erreur.',
  '200': 'Service producteur non reconnu.',
  '201': 'Service d’archives non reconnu.',
  '202': 'Service versant non reconnu.',
  '203': 'Dépôt non conforme au profil de données.',
  '204': 'Format de document non géré.',
  '205': 'Format de document non conforme au format déclaré.',
  '206': 'Signature du message invalide.',
  '207': 'Empreinte(s) invalide(s).',
  '208': 'Archive indisponible : délai de communication non écoulé.',
  '209': 'Archive absente (élimination, restitution, transfert).',
  '210': 'Archive inconnue.',
  '211': 'Pièce attachée absente.',
  '212': 'Dérogation refusée.',
  '213': 'Identifiant de document incorrect.',
  '300': 'Convention invalide.',
  '301': 'Dépôt non conforme à la convention : quota des versements dépassé.',
  '302': 'Dépôt non conforme à la convention : identifiant du producteur non conforme.',
  '303': 'Dépôt non conforme à la convention : identifiant du service versant non conforme.',
  '304': 'Dépôt non conforme à la convention : identifiant du service d’archives non conforme.',
  '305': 'Dépôt non conforme à la convention : signature(s) de document(s) absente(s).',
  '306': 'Dépôt non conforme à la convention : volume non conforme.',
  '307': 'Dépôt non conforme à la convention : format non conforme.',
  '308': 'Dépôt non conforme à la convention : empreinte(s) non transmise(s).',
  '309': 'Dépôt non conforme à la convention : absence de signature du message.',
  '310': 'Dépôt non conforme à la convention : signature(s) de document(s) non valide(s).',
  '311': 'Dépôt non conforme à la convention : signature(s) de document(s) non vérifiée(s).',
  '312': 'Dépôt non conforme à la convention : dates de début ou de fin non respectées.',
  '400': 'Demande rejetée.',
  '404': 'Message non trouvé.',
};

/** French meaning of a SEDA reply code; undefined for a code outside the list. */
export function replyCodeLabel(code: string): string | undefined {
  return Object.hasOwn(LABELS, code) ? LABELS[code] : undefined;
}

/** 000, and 001/002 (accepted with remarks): the archive took the transfer. */
export function isAcceptedReplyCode(code: string): boolean {
  return code === '000' || code === '001' || code === '002';
}
