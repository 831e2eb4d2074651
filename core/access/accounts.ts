import type { InterpreterAccounts } from './interpreters.js';
import type { Authenticator, Principal } from './principal.js';
import type { OwnListeningSettings } from '../voice/ports.js';

/** An organisation (an OCMW / CPAS) whose staff run projects. */
export interface Organisation {
  organisationId: string;
  name: string;
}

/**
 * Accounts and organisations as the staff API uses them: who is calling (the local runtime's tokens; in
 * the cloud Cognito authenticates), the organisations, whether an organisation's own staff may listen to
 * voice answers, and the network's independent interpreters.
 */
export interface StaffAccounts extends Authenticator, OwnListeningSettings, InterpreterAccounts {
  issueToken(principal: Principal): Promise<string>;
  registerToken(token: string, principal: Principal): Promise<void>;
  putOrganisation(org: Organisation): Promise<void>;
  getOrganisation(organisationId: string): Promise<Organisation | null>;
  listOrganisations(): Promise<Organisation[]>;
}
