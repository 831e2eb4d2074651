/**
 * Independent interpreters of the network: accounts that belong to no organisation, managed by a
 * coordinator, who hear (disguised) the voice answers no machine could transcribe. Locally an account is
 * a bearer token like the seeded ones; in the cloud the same role is the Cognito group `interpreter`
 * (adapters/cognito), whose users the pool's administrator creates.
 */
export interface InterpreterAccount {
  userId: string;
  /** What the coordinator calls the account (e.g. "Tigrinya interpreter 2"): not shown to anyone else. */
  label: string;
  /** Languages the interpreter covers (empty: every language). They are shown only voice answers in these. */
  languages: string[];
  createdAt: string;
  createdBy: string;
}

export interface NewInterpreter {
  label: string;
  languages: readonly string[];
}

export interface InterpreterAccounts {
  /** A new account and its token, which is returned once and stored only as a hash. */
  createInterpreter(input: NewInterpreter, by: { userId: string; at: Date }): Promise<{ account: InterpreterAccount; token: string }>;
  listInterpreters(): Promise<InterpreterAccount[]>;
  /** False when there is no such account. */
  removeInterpreter(userId: string): Promise<boolean>;
}
