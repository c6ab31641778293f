/**
 * User attributes against the pool's schema: who may write what (client WriteAttributes, admin
 * only `*_verified` and `dev:`), value checks, required attributes, and the wire form
 * (`AttributeType[]`) with `sub` first as Cognito lists it.
 */
import type { AttributeType } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../../errors.ts';
import type { PoolView } from '../../pools/pool-config.ts';

export type Attributes = Record<string, string>;

export const VERIFIED_FLAGS = new Set(['email_verified', 'phone_number_verified']);

const EMAIL = /^[^@\s]+@[^@\s]+$/;
const PHONE = /^\+[0-9]{4,17}$/;

export const looksLikeEmail = (value: string): boolean => EMAIL.test(value);
export const looksLikePhone = (value: string): boolean => PHONE.test(value);

const schemaError = (detail: string) => errors.invalidParameter(`Attributes did not conform to the schema: ${detail}`);

/** The request's list as a map (a repeated name: the last value wins). */
export function attributeMap(list: AttributeType[] | undefined): Attributes {
  const out: Attributes = {};
  for (const a of list ?? []) out[a.Name!] = a.Value ?? '';
  return out;
}

export function toAttributeList(attributes: Attributes, only?: ReadonlySet<string>): AttributeType[] {
  // `sub` first, then the others in their stored order (one pass, no sort).
  const out: AttributeType[] = [];
  if (Object.hasOwn(attributes, 'sub') && (!only || only.has('sub'))) out.push({ Name: 'sub', Value: attributes['sub']! });
  for (const Name in attributes) {
    if (Name === 'sub' || !Object.hasOwn(attributes, Name) || (only && !only.has(Name))) continue;
    out.push({ Name, Value: attributes[Name]! });
  }
  return out;
}

interface WriteRules {
  /** Admin APIs may set `*_verified` and `dev:` attributes; clients may not. */
  admin: boolean;
  /** The client's WriteAttributes, for public operations (undefined/empty: every client-writable attribute). */
  clientWriteAttributes?: readonly string[] | undefined;
  /** The user's current attributes, for updates (immutable attributes can't change once set). */
  existing?: Attributes | undefined;
}

/**
 * Checks attributes being written: known to the schema, writable by this caller, well-formed.
 * Throws Cognito's InvalidParameterException / NotAuthorizedException. Boolean values are
 * accepted in any case ("True") and rewritten in `attributes` as Cognito stores them:
 * "true" / "false".
 */
export function checkAttributeWrites(pool: PoolView, attributes: Attributes, rules: WriteRules): void {
  for (const [name, given] of Object.entries(attributes)) {
    if (name === 'sub') throw errors.invalidParameter('Cannot modify the non-mutable attribute sub');
    const schema = pool.attribute(name);
    if (!schema) throw schemaError(`${name}: Attribute does not exist in the schema.`);
    let value = given;
    if (schema.AttributeDataType === 'Boolean') {
      value = given.toLowerCase();
      if (value !== 'true' && value !== 'false') throw schemaError(`${name}: Attribute value must be true or false`);
      attributes[name] = value;
    }
    const unauthorized = () => errors.notAuthorized('A client attempted to write unauthorized attribute');
    if (!rules.admin) {
      if (VERIFIED_FLAGS.has(name) || name.startsWith('dev:')) throw unauthorized();
      const allowed = rules.clientWriteAttributes;
      if (allowed && allowed.length > 0 && !allowed.includes(name)) throw unauthorized();
    }
    if (schema.Mutable === false && rules.existing?.[name] !== undefined && rules.existing[name] !== value) {
      throw errors.invalidParameter(`Cannot modify the non-mutable attribute ${name}`);
    }
    checkValue(name, value, schema.AttributeDataType, schema.StringAttributeConstraints, schema.NumberAttributeConstraints);
  }
}

function checkValue(
  name: string, value: string, type: string | undefined,
  strings: { MinLength?: string | undefined; MaxLength?: string | undefined } | undefined,
  numbers: { MinValue?: string | undefined; MaxValue?: string | undefined } | undefined,
): void {
  if (name === 'email' && value !== '' && !looksLikeEmail(value)) throw errors.invalidParameter('Invalid email address format.');
  if (name === 'phone_number' && value !== '' && !looksLikePhone(value)) throw errors.invalidParameter('Invalid phone number format.');
  if (type === 'Number') {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) throw schemaError(`${name}: Number must be a valid number`);
    if (numbers?.MinValue !== undefined && n < Number(numbers.MinValue)) throw schemaError(`${name}: Number must be no less than ${numbers.MinValue}`);
    if (numbers?.MaxValue !== undefined && n > Number(numbers.MaxValue)) throw schemaError(`${name}: Number must be no greater than ${numbers.MaxValue}`);
    return;
  }
  const length = [...value].length;
  if (strings?.MaxLength !== undefined && length > Number(strings.MaxLength)) {
    throw schemaError(`${name}: String must be no longer than ${strings.MaxLength} characters`);
  }
  // An empty value means "no value" to Cognito, so the minimum applies only to real values.
  if (strings?.MinLength !== undefined && length > 0 && length < Number(strings.MinLength)) {
    throw schemaError(`${name}: String must be no shorter than ${strings.MinLength} characters`);
  }
}

/** SignUp: every required attribute needs a value. */
export function checkRequiredAttributes(pool: PoolView, attributes: Attributes): void {
  for (const name of pool.requiredAttributes) {
    if (!attributes[name]) throw schemaError(`${name}: The attribute is required`);
  }
}

/**
 * Applies changes to a user's attributes: an empty value removes the attribute, and a new email
 * or phone number is unverified unless the same write verifies it too.
 */
export function applyAttributeChanges(current: Attributes, changes: Attributes): Attributes {
  const next = { ...current };
  for (const [name, value] of Object.entries(changes)) {
    if (value === '') delete next[name];
    else next[name] = value;
  }
  for (const kind of ['email', 'phone_number']) {
    const flag = `${kind}_verified`;
    if (kind in changes && changes[kind] !== current[kind] && !(flag in changes)) {
      if (next[kind] === undefined) delete next[flag];
      else next[flag] = 'false';
    }
  }
  return next;
}
