// A demo profile is filled in from the demo archive's account (given by the host): the user
// only names the commune.
import type { DemoAccount } from '../../demo-services';
import type { ProfileInput } from '../../store/profiles';

export function withDemoDefaults(input: ProfileInput, account: DemoAccount | null): ProfileInput {
  if (input.archiveKind !== 'demo') return input;
  // The demo archive's address is the host's: a demo profile never keeps one of its own.
  if (!account) return { ...input, endpoints: [] };
  return {
    ...input,
    endpoints: [],
    login: account.login,
    archivalAgencyId: input.archivalAgencyId || account.archivalAgency,
    transferringAgencyId: input.transferringAgencyId || account.transferringAgency,
    originatingAgencyId: input.originatingAgencyId || account.originatingAgency,
    archivalAgreement: input.archivalAgreement || account.archivalAgreement,
    archivalProfile: input.archivalProfile || account.archivalProfile,
  };
}
