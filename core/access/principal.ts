/** Who is calling the staff API. Locally from seeded tokens, in the cloud from Cognito (deployment issue). */
export type Principal =
  | { role: 'staff'; userId: string; organisationId: string }
  /** Reads anonymized results of every organisation; never contacts, never anything identifying. */
  | { role: 'coordinator'; userId: string }
  /** Transcribes voice answers waiting for a person in one organisation; sees nothing else. */
  | { role: 'interpreter'; userId: string; organisationId: string };

export interface Authenticator {
  /** The principal behind a bearer token, or null when the token is unknown or expired. */
  authenticate(token: string): Promise<Principal | null>;
}
