/**
 * IAM JSON policy documents: parsing and checking the grammar into a normalised form the
 * evaluator reads. Pure. Every fault of a document is a `MalformedPolicyDocument` (the code IAM
 * and STS both answer), never another exception: the checks are total over any JSON value.
 */
import { ServiceError } from '../../kernel/errors.ts';

export type Effect = 'Allow' | 'Deny';

/** A principal block: `"*"` (anyone) or principals by type (`AWS`, `Federated`, `Service`, ...). */
export type PrincipalBlock = '*' | Readonly<Record<string, readonly string[]>>;

/** One condition: operator (with its `ForAnyValue:` / `ForAllValues:` qualifier and `IfExists`) → key → values. */
export interface ConditionClause {
  /** The operator as written (`ForAnyValue:StringLike`), for messages. */
  readonly operator: string;
  /** The base operator without qualifier or `IfExists` (`StringLike`). */
  readonly base: string;
  readonly set: 'any' | 'all' | undefined;
  readonly ifExists: boolean;
  /** Condition key as written; keys compare case-insensitively. */
  readonly key: string;
  readonly values: readonly string[];
}

export interface Statement {
  readonly sid: string | undefined;
  readonly effect: Effect;
  /** Exactly one of action / notAction. */
  readonly action: readonly string[] | undefined;
  readonly notAction: readonly string[] | undefined;
  /** At most one of resource / notResource (identity policies require one). */
  readonly resource: readonly string[] | undefined;
  readonly notResource: readonly string[] | undefined;
  readonly principal: PrincipalBlock | undefined;
  readonly notPrincipal: PrincipalBlock | undefined;
  readonly conditions: readonly ConditionClause[];
}

export interface PolicyDocument {
  readonly version: string | undefined;
  readonly statements: readonly Statement[];
}

/** What a document is for: identity (role permission, session) policies need a Resource and no Principal; trust policies the reverse. */
export type PolicyKind = 'identity' | 'trust';

export const POLICY_VERSIONS = ['2012-10-17', '2008-10-17'] as const;

export const malformedPolicy = (message: string): ServiceError => new ServiceError('MalformedPolicyDocument', message);

const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition']);
const OPERATORS = new Set([
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
]);
/** An action is `*` or `service:pattern` (service prefix letters, digits and dashes). */
const ACTION = /^(\*|[A-Za-z0-9-]+:[A-Za-z0-9*?_-]*)$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A string or a non-empty list of strings. */
function stringList(value: unknown, what: string): string[] {
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
  if (!list || list.length === 0 || !list.every((v) => typeof v === 'string')) {
    throw malformedPolicy(`Syntax errors in policy. ${what} must be a string or a list of strings.`);
  }
  return list as string[];
}

function principalBlock(value: unknown, what: string): PrincipalBlock {
  if (value === '*') return '*';
  if (!isObject(value) || Object.keys(value).length === 0) throw malformedPolicy(`Invalid principal in policy: ${what}`);
  const out: Record<string, string[]> = {};
  for (const [type, ids] of Object.entries(value)) {
    if (!['AWS', 'Federated', 'Service', 'CanonicalUser'].includes(type)) throw malformedPolicy(`Invalid principal in policy: "${type.slice(0, 64)}"`);
    out[type] = stringList(ids, `${what}.${type}`);
  }
  return out;
}

function conditionValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw malformedPolicy('Syntax errors in policy. A condition value must be a string, a number or a boolean.');
}

function conditions(value: unknown): ConditionClause[] {
  if (value === undefined) return [];
  if (!isObject(value)) throw malformedPolicy('Syntax errors in policy. Condition must be an object.');
  const out: ConditionClause[] = [];
  for (const [operator, block] of Object.entries(value)) {
    let rest = operator;
    let set: 'any' | 'all' | undefined;
    if (rest.startsWith('ForAnyValue:')) { set = 'any'; rest = rest.slice('ForAnyValue:'.length); }
    else if (rest.startsWith('ForAllValues:')) { set = 'all'; rest = rest.slice('ForAllValues:'.length); }
    const ifExists = rest.endsWith('IfExists') && rest !== 'IfExists';
    const base = ifExists ? rest.slice(0, -'IfExists'.length) : rest;
    if (!OPERATORS.has(base) || (base === 'Null' && (ifExists || set))) {
      throw malformedPolicy(`Invalid Condition type : ${operator.slice(0, 64)}.`);
    }
    if (!isObject(block) || Object.keys(block).length === 0) throw malformedPolicy(`Syntax errors in policy. Condition ${operator.slice(0, 64)} must map keys to values.`);
    for (const [key, raw] of Object.entries(block)) {
      if (key === '') throw malformedPolicy('Syntax errors in policy. A condition key must not be empty.');
      const list = Array.isArray(raw) ? raw : [raw];
      if (list.length === 0) throw malformedPolicy('Syntax errors in policy. A condition must have at least one value.');
      out.push({ operator, base, set, ifExists, key, values: list.map(conditionValue) });
    }
  }
  return out;
}

function statementOf(value: unknown, kind: PolicyKind): Statement {
  if (!isObject(value)) throw malformedPolicy('Syntax errors in policy. A statement must be an object.');
  for (const key of Object.keys(value)) {
    if (!STATEMENT_KEYS.has(key)) throw malformedPolicy(`Syntax errors in policy. Unknown field ${key.slice(0, 64)}`);
  }
  if (value.Effect !== 'Allow' && value.Effect !== 'Deny') throw malformedPolicy('Syntax errors in policy. Effect must be Allow or Deny.');
  if (value.Sid !== undefined && (typeof value.Sid !== 'string' || !/^[A-Za-z0-9 ]*$/.test(value.Sid))) {
    throw malformedPolicy('Statement IDs (SID) must be alpha-numeric.');
  }
  if ((value.Action === undefined) === (value.NotAction === undefined)) {
    throw malformedPolicy('Policy statement must contain actions.');
  }
  const action = value.Action === undefined ? undefined : stringList(value.Action, 'Action');
  const notAction = value.NotAction === undefined ? undefined : stringList(value.NotAction, 'NotAction');
  for (const a of action ?? notAction!) {
    if (!ACTION.test(a)) throw malformedPolicy(`Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.`);
  }
  if (value.Resource !== undefined && value.NotResource !== undefined) throw malformedPolicy('Syntax errors in policy. Resource and NotResource are exclusive.');
  const resource = value.Resource === undefined ? undefined : stringList(value.Resource, 'Resource');
  const notResource = value.NotResource === undefined ? undefined : stringList(value.NotResource, 'NotResource');
  if (value.Principal !== undefined && value.NotPrincipal !== undefined) throw malformedPolicy('Syntax errors in policy. Principal and NotPrincipal are exclusive.');
  const principal = value.Principal === undefined ? undefined : principalBlock(value.Principal, 'Principal');
  const notPrincipal = value.NotPrincipal === undefined ? undefined : principalBlock(value.NotPrincipal, 'NotPrincipal');
  if (kind === 'identity') {
    if (principal || notPrincipal) throw malformedPolicy('Policy document should not specify a principal.');
    if (!resource && !notResource) throw malformedPolicy('Policy statement must contain resources.');
  } else {
    if (!principal && !notPrincipal) throw malformedPolicy('Missing required field Principal');
    if (resource || notResource) throw malformedPolicy('Has prohibited field Resource');
  }
  return {
    sid: value.Sid as string | undefined, effect: value.Effect, action, notAction, resource, notResource,
    principal, notPrincipal, conditions: conditions(value.Condition),
  };
}

/** Parsed documents by kind and text: the verifier reads a role's policies on every request. */
const parsedCache = new Map<string, PolicyDocument>();
const PARSED_CACHE_MAX = 1_000;

/** Parses and checks a policy document (JSON text). Throws only `MalformedPolicyDocument`. */
export function parsePolicy(text: string, kind: PolicyKind = 'identity'): PolicyDocument {
  const key = `${kind}\n${text}`;
  const cached = parsedCache.get(key);
  if (cached) return cached;
  const parsed = parseUncached(text, kind);
  if (parsedCache.size >= PARSED_CACHE_MAX) parsedCache.delete(parsedCache.keys().next().value!);
  parsedCache.set(key, parsed);
  return parsed;
}

function parseUncached(text: string, kind: PolicyKind): PolicyDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw malformedPolicy('Syntax errors in policy.');
  }
  if (!isObject(parsed)) throw malformedPolicy('Syntax errors in policy.');
  for (const key of Object.keys(parsed)) {
    if (!['Version', 'Id', 'Statement'].includes(key)) throw malformedPolicy(`Syntax errors in policy. Unknown field ${key.slice(0, 64)}`);
  }
  const version = parsed.Version;
  if (version !== undefined && !(POLICY_VERSIONS as readonly unknown[]).includes(version)) {
    throw malformedPolicy('The policy must contain a valid version string');
  }
  const raw = parsed.Statement;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  if (list.length === 0) throw malformedPolicy('Syntax errors in policy. The policy must contain a statement.');
  return { version: version as string | undefined, statements: list.map((s) => statementOf(s, kind)) };
}
