/** Who is calling the staff API. Locally from seeded tokens, in the cloud from Cognito (deployment issue). */
export type Principal =
  | { role: 'staff'; userId: string; organisationId: string }
  /** Reads anonymized results of every organisation; never contacts, never anything identifying. */
  | { role: 'coordinator'; userId: string }
  /**
   * Transcribes voice answers waiting for a person; sees nothing else. An interpreter of an organisation
   * (`organisationId`) or an independent one of the network (null), whose account a coordinator manages.
   * `languages`: the languages they interpret, when the account says (absent: every language).
   */
  | { role: 'interpreter'; userId: string; organisationId: string | null; languages?: readonly string[] | undefined };

export interface Authenticator {
  /** The principal behind a bearer token, or null when the token is unknown or expired. */
  authenticate(token: string): Promise<Principal | null>;
}
