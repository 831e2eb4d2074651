/** The account and region every template value is resolved in (a documentation account id, an EU region). */
export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';
export const PARTITION = 'aws';
/** An account that is not ours: what an adversary's principals and alarms live in. */
export const FOREIGN_ACCOUNT = '444455556666';
