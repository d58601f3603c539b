// The demo archive's two reply flavours, built with main/core/seda/replies.ts: as@lae
// (identifiers swapped, the bordereau echoed with a "cote" on the root unit) and Vitam
// (standard identifiers, a SystemId per unit, the outcome in Operation/Event).
import {
  buildAcknowledgement,
  buildArchiveTransferReply,
  echoDataObjectPackage,
  type ArchiveTransferReplyInput,
} from '../core/seda/replies';
import { validateSeda } from '../core/seda/xsd';
import type { SedaVersion } from '../contract/types';
import type { CheckResult } from './package-check';

/** xsd:dateTime of now, to the second (what the archives send). */
export function isoNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface DemoAckInput {
  version: SedaVersion;
  ackIdentifier: string;
  /** Our transfer's MessageIdentifier. */
  receivedIdentifier: string;
  archivalAgency: string;
  transferringAgency: string;
  /** The bordereau's Comment: as@lae echoes it (Pastell fixture ACK-SEDA-2.1.xml). */
  comment?: string;
}

/** as@lae's ACK: the bordereau's Comment echoed, Sender = the transferring agency (as as@lae does). */
export function demoAcknowledgement(a: DemoAckInput): string {
  return buildAcknowledgement({
    version: a.version,
    messageIdentifier: a.ackIdentifier,
    messageReceivedIdentifier: a.receivedIdentifier,
    date: isoNow(),
    ...(a.comment ? { comment: a.comment } : {}),
    sender: a.transferringAgency,
    receiver: a.archivalAgency,
  });
}

interface CommonAtrInput {
  version: SedaVersion;
  /** Our transfer's MessageIdentifier. */
  transferIdentifier: string;
  archivalAgreement?: string;
  archivalAgency: string;
  transferringAgency: string;
}

export interface AsalaeAtrInput extends CommonAtrInput {
  /** The reply's own id (FRLSADC_ATR_27 style). */
  replyIdentifier: string;
  replyCode: string;
  /** The bordereau's Comment, echoed as is (as@lae does: it is not the reason). */
  comment?: string;
  /** The archive's detail on a refusal (written as an Operation/Event). */
  detail?: string;
  /** When the archive took the transfer (GrantDate); the reply's Date is when it was written. */
  grantDate?: string;
  /** The reply's Date (default now). */
  date?: string;
  /** Set when accepted: the archive's reference, echoed on the root unit. */
  cote?: string;
  /** The received bordereau, echoed when accepted. */
  bordereau: string;
  /** Root unit id and title, for the minimal package used when the echo is not possible. */
  rootUnit: { id: string; title: string };
}

/** as@lae ATR; the echo falls back to a one-unit package when it would not be XSD-valid. */
export async function asalaeArchiveTransferReply(a: AsalaeAtrInput): Promise<string> {
  const now = a.date ?? isoNow();
  const base: ArchiveTransferReplyInput = {
    version: a.version,
    // as@lae swaps the identifiers: MessageIdentifier holds the transfer's.
    messageIdentifier: a.transferIdentifier,
    messageRequestIdentifier: a.replyIdentifier,
    replyCode: a.replyCode,
    date: now,
    ...(a.comment ? { comment: a.comment } : {}),
    ...(a.archivalAgreement ? { archivalAgreement: a.archivalAgreement } : {}),
    archivalAgency: a.archivalAgency,
    transferringAgency: a.transferringAgency,
    ...(a.cote ? { grantDate: a.grantDate ?? now } : {}),
    ...(a.detail
      ? {
          events: [
            {
              typeCode: 'ArchiveTransfer',
              type: 'Contrôle du transfert',
              dateTime: now,
              outcome: 'KO',
              outcomeDetail: a.replyCode,
              outcomeDetailMessage: a.detail,
            },
          ],
        }
      : {}),
  };
  if (!a.cote) return buildArchiveTransferReply(base);
  const echoed = echoDataObjectPackage(a.bordereau, a.cote);
  if (echoed) {
    const atr = buildArchiveTransferReply({ ...base, echoedPackage: echoed });
    if ((await validateSeda(atr, a.version)).valid) return atr;
  }
  return buildArchiveTransferReply({
    ...base,
    units: [
      {
        id: a.rootUnit.id,
        descriptionLevel: 'Item',
        title: a.rootUnit.title,
        archivalAgencyArchiveUnitIdentifier: a.cote,
      },
    ],
  });
}

export interface VitamAtrInput extends CommonAtrInput {
  operationId: string;
  /** Empty when the manifest was not understood (TransferNotificationActionHandler). */
  transferIdentifier: string;
  result: CheckResult;
  /** BLANK_TEST: reply code « Test OK » / « Test KO », no GrantDate. */
  dryRun: boolean;
  /** The bordereau's Comment (Vitam copies it into the reply). */
  comment?: string;
  /** The SIP's units and the ids Vitam gave them (accepted transfers). */
  units: { id: string; systemId: string }[];
}

/** Vitam's reply when not even the container could be read: ATR_KO_DEFAULT.xml (« Unknown »). */
export function vitamDefaultKoReply(a: { operationId: string; archivalAgency: string; message: string }): string {
  const now = isoNow();
  return buildArchiveTransferReply({
    version: '2.1',
    messageIdentifier: a.operationId,
    messageRequestIdentifier: 'Unknown',
    replyCode: 'KO',
    date: now,
    archivalAgency: a.archivalAgency,
    transferringAgency: 'Unknown',
    events: [
      {
        typeCode: 'STP_SANITY_CHECK_SIP',
        type: 'Processus des contrôles préalables à l’entrée',
        dateTime: now,
        outcome: 'KO',
        outcomeDetail: 'STP_SANITY_CHECK_SIP.KO',
        outcomeDetailMessage: `Échec du processus des contrôles préalables à l’entrée : ${a.message}`,
      },
    ],
  });
}

export function vitamArchiveTransferReply(a: VitamAtrInput): string {
  const now = isoNow();
  const ok = a.result.accepted;
  const status = ok ? 'OK' : 'KO';
  const event = a.result.event;
  return buildArchiveTransferReply({
    version: a.version,
    messageIdentifier: a.operationId,
    messageRequestIdentifier: a.transferIdentifier,
    replyCode: a.dryRun ? `Test ${status}` : status,
    date: now,
    ...(a.comment ? { comment: a.comment } : {}),
    ...(a.archivalAgreement ? { archivalAgreement: a.archivalAgreement } : {}),
    archivalAgency: a.archivalAgency,
    transferringAgency: a.transferringAgency,
    // Not in a dry run (TransferNotificationActionHandler sets it for real ingests only).
    ...(a.dryRun ? {} : { grantDate: now }),
    // Units come back in Vitam's order, not the SIP's: the root is not necessarily first.
    ...(ok && !a.dryRun ? { units: [...a.units].reverse() } : {}),
    events: ok
      ? [
          {
            typeCode: 'PROCESS_SIP_UNITARY',
            type: "Processus d'entrée d'un SIP",
            dateTime: now,
            outcome: 'OK',
            outcomeDetail: 'PROCESS_SIP_UNITARY.OK',
            outcomeDetailMessage: 'Succès du processus d’entrée du SIP',
          },
        ]
      : [
          {
            typeCode: 'STP_INGEST_CONTROL_SIP',
            type: 'Processus de contrôle du SIP',
            dateTime: now,
            outcome: 'KO',
            outcomeDetail: 'STP_INGEST_CONTROL_SIP.KO',
            outcomeDetailMessage: 'Échec du processus du contrôle du bordereau du SIP',
          },
          {
            typeCode: event?.typeCode ?? 'CHECK_HEADER',
            type: event?.type ?? 'Vérification générale du bordereau de transfert',
            dateTime: now,
            outcome: 'KO',
            outcomeDetail: event?.outcomeDetail ?? 'CHECK_HEADER.KO',
            outcomeDetailMessage: `${event?.outcomeDetailMessage ?? 'Échec de la vérification générale du bordereau de transfert'} Detail=  KO:1`,
            eventDetailData: JSON.stringify({ evDetTechData: event?.detail ?? a.result.message }),
          },
        ],
  });
}
