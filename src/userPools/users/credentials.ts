/**
 * A user's password, kept only as an SRP verifier: `{salt, verifier, history}` sealed by the
 * KeyVault under the user's id, so sign-in (SRP or plain password) can check it and nobody can
 * read it back. Also the pool's password policy and password-history rule.
 */
import { randomInt } from 'node:crypto';
import { errors } from '../../errors.ts';
import type { UserRow } from './store.ts';
import type { Services } from '../context.ts';
import type { PoolView } from '../pools/pool-config.ts';
import { computeVerifier, generateSalt, verifierMatchesPassword } from '../srp/index.ts';

/** One password as stored: hex salt and hex verifier. */
interface StoredVerifier {
  salt: string;
  verifier: string;
}

interface CredentialRecord extends StoredVerifier {
  /** Earlier passwords, newest first, kept only as long as the pool's PasswordHistorySize needs. */
  history?: StoredVerifier[];
}

/** Cognito's special characters; a space counts too (developer guide, password policies). */
const SYMBOLS = new Set('^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+- ');

export const sealContext = (userId: string): string => `user:${userId}:credentials`;

/** Throws InvalidPasswordException with Cognito's wording for the first rule the password breaks. */
export function checkPasswordPolicy(pool: PoolView, password: string): void {
  const policy = pool.passwordPolicy;
  const fail = (why: string) => errors.invalidPassword(`Password did not conform with policy: ${why}`);
  if ([...password].length < (policy.MinimumLength ?? 8)) throw fail('Password not long enough');
  if (policy.RequireUppercase && !/[A-Z]/.test(password)) throw fail('Password must have uppercase characters');
  if (policy.RequireLowercase && !/[a-z]/.test(password)) throw fail('Password must have lowercase characters');
  if (policy.RequireNumbers && !/[0-9]/.test(password)) throw fail('Password must have numeric characters');
  if (policy.RequireSymbols && ![...password].some((c) => SYMBOLS.has(c))) throw fail('Password must have symbol characters');
}

export function readCredentials(services: Services, user: Pick<UserRow, 'id' | 'credentialsEnc'>): CredentialRecord | undefined {
  if (!user.credentialsEnc) return undefined;
  return JSON.parse(services.vault.openString(user.credentialsEnc, sealContext(user.id))) as CredentialRecord;
}

/** True when `password` is the user's current password. */
export function passwordMatches(pool: PoolView, user: Pick<UserRow, 'username'>, record: StoredVerifier, password: string): boolean {
  return verifierMatchesPassword(pool.srpPoolName, user.username, password,
    Buffer.from(record.salt, 'hex'), Buffer.from(record.verifier, 'hex'));
}

interface SetPasswordOptions {
  /** Skip the policy check (temporary passwords Cognito generates itself already satisfy it). */
  skipPolicy?: boolean;
}

type PasswordHolder = Pick<UserRow, 'id' | 'username' | 'credentialsEnc'>;

/**
 * Checks the policy and the pool's password history, then returns the user with the new sealed
 * credential record in `credentialsEnc`. The internal username is SRP's USER_ID_FOR_SRP.
 */
export function setPassword<U extends PasswordHolder>(
  services: Services, pool: PoolView, user: U, password: string, options: SetPasswordOptions = {},
): U {
  if (!options.skipPolicy) checkPasswordPolicy(pool, password);
  const historySize = pool.passwordPolicy.PasswordHistorySize ?? 0;
  const previous = readCredentials(services, user);
  // The current password counts as one of the last N.
  const remembered = previous ? [{ salt: previous.salt, verifier: previous.verifier }, ...(previous.history ?? [])] : [];
  const recent = remembered.slice(0, historySize);
  if (recent.some((old) => passwordMatches(pool, user, old, password))) {
    throw errors.passwordHistoryPolicyViolation('The password provided has been used previously.');
  }
  const salt = generateSalt();
  const record: CredentialRecord = {
    salt: salt.toString('hex'),
    verifier: computeVerifier(pool.srpPoolName, user.username, password, salt).toString('hex'),
    ...(historySize > 1 ? { history: recent.slice(0, historySize - 1) } : {}),
  };
  return { ...user, credentialsEnc: services.vault.seal(JSON.stringify(record), sealContext(user.id)) };
}

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
const GENERATED_SYMBOLS = '^$*.!@#%&-_=+?';

/** A random temporary password that satisfies the pool's policy (AdminCreateUser without one). */
export function generateTemporaryPassword(pool: PoolView): string {
  const pick = (alphabet: string) => alphabet[randomInt(alphabet.length)]!;
  const all = UPPER + LOWER + DIGITS + GENERATED_SYMBOLS;
  // One of each class whatever the policy says, then filler, then shuffled.
  const chars = [pick(UPPER), pick(LOWER), pick(DIGITS), pick(GENERATED_SYMBOLS)];
  const length = Math.max(pool.passwordPolicy.MinimumLength ?? 8, 12);
  while (chars.length < length) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
