// French messages for network failures, and the mapping from Node/OpenSSL error codes to
// them. Two wordings: the archive's (default) and the time-stamping authority's, so a user
// behind a proxy is told which of the two servers is the problem.
import { NetError } from './errors';

export const MESSAGES = {
  unknownCa:
    'Le certificat du serveur n’est pas reconnu (autorité inconnue). Si votre archive utilise sa propre autorité de certification, ajoutez-la dans les réglages.',
  wrongHost:
    'Le certificat du serveur ne correspond pas à l’adresse saisie (nom d’hôte différent). Vérifiez l’adresse de l’archive.',
  expired: 'Le certificat du serveur a expiré. Prévenez le service d’archives.',
  notYetValid: 'Le certificat du serveur n’est pas encore valide. Vérifiez la date et l’heure de cet ordinateur.',
  pinMismatch:
    'La clé du certificat du serveur ne correspond pas à l’empreinte enregistrée (épinglage). La connexion a été bloquée par sécurité.',
  clientCertRefused:
    'Le serveur a refusé le certificat client. Vérifiez que le certificat fourni est bien celui enregistré auprès du service d’archives.',
  clientCertMissing: 'Le serveur exige un certificat client (fichier PKCS#12) et aucun n’a été fourni.',
  badPassphrase: 'Le mot de passe du certificat client (fichier PKCS#12) est incorrect, ou le fichier est illisible.',
  tlsOther: 'La connexion sécurisée (TLS) avec le serveur a échoué.',
  refused: 'Le serveur de l’archive refuse la connexion (serveur arrêté ou port incorrect).',
  dns: 'L’adresse du serveur de l’archive est introuvable (nom inconnu). Vérifiez l’adresse et la connexion Internet.',
  reset: 'La connexion avec le serveur a été interrompue.',
  unreachable: 'Le serveur de l’archive est injoignable (réseau indisponible).',
  connectTimeout: 'Le serveur de l’archive ne répond pas (délai de connexion dépassé).',
  idleTimeout: 'Le serveur de l’archive a cessé de répondre (délai d’attente dépassé).',
  slowAnswer:
    'Le serveur de l’archive répond trop lentement : sa réponse n’était pas complète dans le délai. Un nouvel essai sera fait plus tard.',
  proxyAuth: 'Le proxy demande une authentification : vérifiez l’identifiant et le mot de passe du proxy.',
  proxyRefused: 'Le proxy a refusé la connexion vers le serveur de l’archive.',
  tooLarge: 'La réponse du serveur est anormalement volumineuse : elle a été refusée.',
  aborted: 'Opération annulée.',
  badUrl: 'L’adresse de l’archive n’est pas valide.',
} as const;

export type NetMessages = { readonly [K in keyof typeof MESSAGES]: string };

/** The same failures, worded for the time-stamping authority. */
export const TSA_MESSAGES: NetMessages = {
  ...MESSAGES,
  unknownCa:
    'Le certificat HTTPS du serveur d’horodatage n’est pas reconnu (autorité inconnue). Si ce serveur utilise sa propre autorité de certification, ajoutez-la dans les réglages.',
  wrongHost:
    'Le certificat du serveur d’horodatage ne correspond pas à l’adresse saisie (nom d’hôte différent). Vérifiez l’adresse du serveur d’horodatage.',
  expired: 'Le certificat du serveur d’horodatage a expiré.',
  notYetValid:
    'Le certificat du serveur d’horodatage n’est pas encore valide. Vérifiez la date et l’heure de cet ordinateur.',
  pinMismatch:
    'La clé du certificat du serveur d’horodatage ne correspond pas à l’empreinte enregistrée (épinglage). La connexion a été bloquée par sécurité.',
  clientCertRefused: 'Le serveur d’horodatage a refusé le certificat client.',
  clientCertMissing: 'Le serveur d’horodatage exige un certificat client et aucun n’a été fourni.',
  tlsOther: 'La connexion sécurisée (TLS) avec le serveur d’horodatage a échoué.',
  // Network causes complete « Le serveur d’horodatage <adresse> est injoignable : … ».
  refused: 'connexion refusée (serveur arrêté ou port incorrect).',
  dns: 'nom inconnu. Vérifiez l’adresse et la connexion Internet.',
  reset: 'la connexion a été interrompue.',
  unreachable: 'réseau indisponible.',
  connectTimeout: 'pas de réponse (délai de connexion dépassé).',
  idleTimeout: 'le serveur a cessé de répondre (délai d’attente dépassé).',
  slowAnswer: 'le serveur répond trop lentement (réponse incomplète dans le délai).',
  proxyAuth: 'le proxy demande une authentification : vérifiez l’identifiant et le mot de passe du proxy.',
  proxyRefused: 'le proxy a refusé la connexion vers le serveur d’horodatage.',
  aborted: 'opération annulée.',
  tooLarge: 'La réponse du serveur d’horodatage est anormalement volumineuse : elle a été refusée.',
  badUrl: 'L’adresse du serveur d’horodatage n’est pas valide.',
};

const UNKNOWN_CA_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

export function errCode(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return '';
}

/** Translates a low-level failure into a NetError (French, says which problem). */
export function toNetError(err: unknown, outcomeUnknown = false, m: NetMessages = MESSAGES): NetError {
  if (err instanceof NetError) {
    if (outcomeUnknown && !err.outcomeUnknown)
      return new NetError(err.code, err.message, err.retryable, true, err.httpStatus, err.retryAfterMs);
    return err;
  }
  const code = errCode(err);
  const msg = err instanceof Error ? err.message : String(err);
  const tlsErr = (text: string) => new NetError('tls', text, false, outcomeUnknown);
  const net = (text: string) => new NetError('network', text, true, outcomeUnknown);
  if (code === 'ERR_SCEAU_PIN_MISMATCH') return tlsErr(m.pinMismatch);
  if (UNKNOWN_CA_CODES.has(code)) return tlsErr(m.unknownCa);
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH') return tlsErr(m.wrongHost);
  if (code === 'CERT_HAS_EXPIRED') return tlsErr(m.expired);
  if (code === 'CERT_NOT_YET_VALID') return tlsErr(m.notYetValid);
  if (/CERTIFICATE_REQUIRED/i.test(code) || /certificate required/i.test(msg)) return tlsErr(m.clientCertMissing);
  if (
    /ALERT_(BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE|CERTIFICATE_EXPIRED|CERTIFICATE_REVOKED|DECRYPT_ERROR|ACCESS_DENIED)/i.test(
      code,
    )
  )
    return tlsErr(m.clientCertRefused);
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code.startsWith('CERT_'))
    return tlsErr(`${m.tlsOther} (${code})`);
  if (code === 'ECONNREFUSED') return net(m.refused);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return net(m.dns);
  if (
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    code === 'ERR_STREAM_PREMATURE_CLOSE' ||
    code === 'ECONNABORTED' ||
    code === 'UND_ERR_SOCKET' ||
    /socket hang up/i.test(msg)
  )
    return net(m.reset);
  if (code === 'ENETUNREACH' || code === 'EHOSTUNREACH' || code === 'ENETDOWN') return net(m.unreachable);
  if (code === 'ETIMEDOUT') return new NetError('timeout', m.connectTimeout, true, outcomeUnknown);
  if (code === 'ABORT_ERR' || (err instanceof Error && err.name === 'AbortError')) return net(m.aborted);
  if (code.startsWith('HPE_'))
    return new NetError(
      'protocol',
      'Le serveur n’a pas renvoyé une réponse HTTP compréhensible.',
      true,
      outcomeUnknown,
    );
  return net(`Échec de la communication avec le serveur (${code || msg}).`);
}
