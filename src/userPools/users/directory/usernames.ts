/**
 * The username a new user gets. With UsernameAttributes the name typed is
 * an email or phone number that becomes that attribute, and the stored username is the `sub`;
 * with AliasAttributes a username may not look like an alias it could collide with.
 */
import { errors } from '../../../errors.ts';
import type { PoolView } from '../../pools/pool-config.ts';
import { looksLikeEmail, looksLikePhone, type Attributes } from './attributes.ts';

interface NewUsername {
  username: string;
  attributes: Attributes;
}

export function newUsername(pool: PoolView, requested: string, attributes: Attributes, sub: string): NewUsername {
  const byUsername = pool.usernameAttributes;
  if (byUsername.length > 0) {
    if (byUsername.includes('email') && looksLikeEmail(requested)) {
      return { username: sub, attributes: { ...attributes, email: requested } };
    }
    if (byUsername.includes('phone_number') && looksLikePhone(requested)) {
      return { username: sub, attributes: { ...attributes, phone_number: requested } };
    }
    const expected = byUsername.length > 1 ? 'either an email or a phone number' : byUsername[0] === 'email' ? 'an email' : 'a phone number';
    throw errors.invalidParameter(`Username should be ${expected}.`);
  }
  if (pool.aliasAttributes.includes('email') && looksLikeEmail(requested)) {
    throw errors.invalidParameter('Username cannot be of email format, since user pool is configured for email alias.');
  }
  if (pool.aliasAttributes.includes('phone_number') && looksLikePhone(requested)) {
    throw errors.invalidParameter('Username cannot be of phone number format, since user pool is configured for phone_number alias.');
  }
  return { username: requested, attributes };
}
