// What the demo archive's check worker does (also run in-thread when no worker file exists).
import { bordereauOverLimits } from './check-limits';
import { checkPackage, readBordereau, type BordereauInfo, type CheckResult } from './package-check';
import type { PackageMember } from './package-reader';
import { asalaeArchiveTransferReply, type AsalaeAtrInput } from './reply-messages';

export type CheckJob =
  | { kind: 'check'; xml: string; members: [string, PackageMember][]; flavour: 'asalae' | 'vitam' }
  | { kind: 'asalaeAtr'; input: AsalaeAtrInput };

export type CheckJobResult =
  { kind: 'check'; info: BordereauInfo; result: CheckResult } | { kind: 'asalaeAtr'; xml: string };

export async function runCheckJob(job: CheckJob): Promise<CheckJobResult> {
  if (job.kind === 'asalaeAtr') return { kind: 'asalaeAtr', xml: await asalaeArchiveTransferReply(job.input) };
  const refusal = bordereauOverLimits(job.xml);
  if (refusal)
    return {
      kind: 'check',
      info: { unitIds: [] },
      result: {
        accepted: false,
        code: '101',
        message: `Message mal formé : ${refusal}.`,
        stage: 'manifest',
        event: {
          typeCode: 'CHECK_SEDA',
          type: 'Vérification globale du SIP',
          outcomeDetail: 'CHECK_SEDA.KO',
          outcomeDetailMessage: 'Échec de la vérification globale du SIP : bordereau non conforme',
          detail: `Message mal formé : ${refusal}.`,
        },
      },
    };
  return {
    kind: 'check',
    info: readBordereau(job.xml),
    result: await checkPackage(job.xml, new Map(job.members), job.flavour),
  };
}
