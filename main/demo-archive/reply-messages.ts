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
}

export function demoAcknowledgement(a: DemoAckInput): string {
  return buildAcknowledgement({
    version: a.version,
    messageIdentifier: a.ackIdentifier,
    messageReceivedIdentifier: a.receivedIdentifier,
    date: isoNow(),
    comment: `Accusé de réception du transfert ${a.receivedIdentifier}`,
    sender: a.archivalAgency,
    receiver: a.transferringAgency,
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
  comment: string;
  /** Set when accepted: the archive's reference, echoed on the root unit. */
  cote?: string;
  /** The received bordereau, echoed when accepted. */
  bordereau: string;
  /** Root unit id and title, for the minimal package used when the echo is not possible. */
  rootUnit: { id: string; title: string };
}

/** as@lae ATR; the echo falls back to a one-unit package when it would not be XSD-valid. */
export async function asalaeArchiveTransferReply(a: AsalaeAtrInput): Promise<string> {
  const now = isoNow();
  const base: ArchiveTransferReplyInput = {
    version: a.version,
    // as@lae swaps the identifiers: MessageIdentifier holds the transfer's.
    messageIdentifier: a.transferIdentifier,
    messageRequestIdentifier: a.replyIdentifier,
    replyCode: a.replyCode,
    date: now,
    comment: a.comment,
    ...(a.archivalAgreement ? { archivalAgreement: a.archivalAgreement } : {}),
    archivalAgency: a.archivalAgency,
    transferringAgency: a.transferringAgency,
    ...(a.cote ? { grantDate: now } : {}),
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
  accepted: boolean;
  /** Why it was refused (OutcomeDetailMessage). */
  message: string;
  /** The SIP's units and the ids Vitam gave them (accepted transfers). */
  units: { id: string; systemId: string }[];
}

export function vitamArchiveTransferReply(a: VitamAtrInput): string {
  const now = isoNow();
  const ok = a.accepted;
  return buildArchiveTransferReply({
    version: a.version,
    messageIdentifier: a.operationId,
    messageRequestIdentifier: a.transferIdentifier,
    replyCode: ok ? 'OK' : 'KO',
    date: now,
    comment: ok ? 'Succès du processus d’entrée du SIP' : 'Échec du processus d’entrée du SIP',
    ...(a.archivalAgreement ? { archivalAgreement: a.archivalAgreement } : {}),
    archivalAgency: a.archivalAgency,
    transferringAgency: a.transferringAgency,
    ...(ok ? { grantDate: now, units: a.units } : {}),
    events: [
      {
        typeCode: 'PROCESS_SIP_UNITARY',
        type: "Processus d'entrée d'un SIP",
        dateTime: now,
        outcome: ok ? 'OK' : 'KO',
        outcomeDetail: ok ? 'PROCESS_SIP_UNITARY.OK' : 'PROCESS_SIP_UNITARY.KO',
        outcomeDetailMessage: ok ? 'Succès du processus d’entrée du SIP' : a.message,
      },
    ],
  });
}
