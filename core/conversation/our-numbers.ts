/**
 * Whose number a message or call was sent to. Twilio routes a number to our webhook only if someone
 * configured it so, but a webhook URL can be pasted on any number of any account (another centre's trial
 * number, a number given up and bought by someone else): Stem answers only on its own. `project`: a
 * project's own number (that project's code and rounds apply; a stranger joins it); `service`: one of the
 * configured service numbers (every project's join code works there); `foreign`: neither — acknowledged,
 * counted, nothing joined or answered. The project look-up is the catalog's, cached, misses included.
 */
export type NumberOwner = { kind: 'service' } | { kind: 'project'; projectId: string } | { kind: 'foreign' };

/** `whatsapp:+32…` and `+32…` are the same number. */
export const bareNumber = (address: string): string => address.trim().replace(/^whatsapp:/, '');

/**
 * One number may be both a service number and a project's call number (a centre with one project and one
 * number). Messages then keep the service number's meaning (every join code works, nobody is moved to that
 * project); calls keep the call number's (a stranger who calls joins it), as before numbers were checked.
 */
export async function ownerOfNumber(
  to: string,
  serviceNumbers: ReadonlySet<string>,
  projectIdByNumber: (number: string) => Promise<string | null>,
  first: 'service' | 'project',
): Promise<NumberOwner> {
  const number = bareNumber(to);
  if (first === 'service' && serviceNumbers.has(number)) return { kind: 'service' };
  const projectId = await projectIdByNumber(number);
  if (projectId) return { kind: 'project', projectId };
  return serviceNumbers.has(number) ? { kind: 'service' } : { kind: 'foreign' };
}

/** Service numbers as configured (`+32…` or `whatsapp:+32…`), as a set of bare numbers. */
export const serviceNumberSet = (numbers: Iterable<string>): ReadonlySet<string> => new Set([...numbers].map(bareNumber).filter((n) => n !== ''));
