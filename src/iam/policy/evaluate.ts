/**
 * The evaluation of IAM JSON policies, pure: does a set of policies allow an action on a resource
 * in a request context? As IAM: an explicit Deny in any policy wins, then an Allow, else the
 * implicit deny. A session policy (and Cognito's scope-down for guests) narrows the role's
 * policies: the request must be allowed by the role's policies AND by each of them.
 *
 * Matching rules, as IAM's:
 * - actions compare case-insensitively (`s3:getobject` = `s3:GetObject`), resources and
 *   condition values case-sensitively (but `...IgnoreCase` operators), condition keys
 *   case-insensitively; `*` matches any run of characters, `?` one, in actions, resources,
 *   `StringLike` and `ArnLike`;
 * - policy variables `${key}` (and `${key, 'default'}`) in resources and in the values of
 *   String and Arn conditions take the request's single value of that key; a resource naming a
 *   variable the request lacks matches nothing; `${*}`, `${?}`, `${$}` are the literal characters;
 * - an absent condition key fails a condition, except the negated operators (`StringNotEquals`,
 *   `NotIpAddress`, ...) and `...IfExists`, which it passes; `ForAnyValue:` needs one of the
 *   request's values to match, `ForAllValues:` all of them (none present passes); `Null` tests
 *   absence. Keys of one operator, and operators, all must hold; values of one key are
 *   alternatives.
 */
import { BlockList, isIP } from 'node:net';
import type { ConditionClause, PolicyDocument, PrincipalBlock, Statement } from './document.ts';

/** The request's context keys (lower-cased names), each with its values; a multi-valued key has several. */
export type RequestContext = ReadonlyMap<string, readonly string[]>;

export interface PolicyRequest {
  action: string;
  /** The resource ARN; trust policies have none. */
  resource?: string;
  /** Who asks (trust policies): principal type (`Federated`, `AWS`, `Service`) and its identifiers. */
  principal?: { type: string; ids: readonly string[] };
  context: RequestContext;
}

export type Decision = 'Allow' | 'Deny' | 'ImplicitDeny';

/** Builds a RequestContext from plain entries; names are lower-cased, single values wrapped. */
export function requestContext(entries: Record<string, string | readonly string[] | undefined>): Map<string, readonly string[]> {
  const out = new Map<string, readonly string[]>();
  for (const [key, value] of Object.entries(entries)) {
    if (value === undefined) continue;
    out.set(key.toLowerCase(), typeof value === 'string' ? [value] : value);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Wildcards and variables

/**
 * `*` and `?` wildcards over the whole string; `ignoreCase` for actions and IgnoreCase operators.
 * The classic greedy matcher with one backtrack point: O(pattern × value) at worst, whatever the
 * pattern (a session policy is the caller's; a regular expression could backtrack exponentially).
 */
export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const p = Array.from(ignoreCase ? pattern.toLowerCase() : pattern);
  const v = Array.from(ignoreCase ? value.toLowerCase() : value);
  let pi = 0;
  let vi = 0;
  let star = -1;
  let mark = 0;
  while (vi < v.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === v[vi])) {
      pi++;
      vi++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = vi;
    } else if (star >= 0) {
      pi = star + 1;
      vi = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

const VARIABLE = /\$\{([^}]*)\}/g;
/** Marks characters a variable's value brings in, so wildcards in values stay literal. */
const LITERAL_STAR = '\u{F0000}';
const LITERAL_QUESTION = '\u{F0001}';

/**
 * Substitutes `${...}` variables. Undefined when a variable has no single value and no default.
 * `literal` (for Like matching) keeps `*` / `?` from values and `${*}` / `${?}` as literal characters.
 */
function substitute(text: string, context: RequestContext): { text: string; literal: boolean } | undefined {
  if (!text.includes('${')) return { text, literal: false };
  let missing = false;
  let literal = false;
  const out = text.replace(VARIABLE, (_whole, body: string) => {
    const inner = body.trim();
    if (inner === '*') { literal = true; return LITERAL_STAR; }
    if (inner === '?') { literal = true; return LITERAL_QUESTION; }
    if (inner === '$') return '$';
    const m = /^([^,]+?)\s*(?:,\s*'([^']*)')?$/.exec(inner);
    if (!m) { missing = true; return ''; }
    const values = context.get(m[1]!.toLowerCase());
    const value = values?.length === 1 ? values[0]! : m[2];
    if (value === undefined) { missing = true; return ''; }
    if (value.includes('*') || value.includes('?')) literal = true;
    return value.replace(/\*/g, LITERAL_STAR).replace(/\?/g, LITERAL_QUESTION);
  });
  return missing ? undefined : { text: out, literal };
}

/** A pattern with variables substituted, matched by glob (wildcards from values literal) or exactly. */
function matchPattern(pattern: string, value: string, context: RequestContext, like: boolean, ignoreCase = false): boolean {
  const sub = substitute(pattern, context);
  if (!sub) return false;
  const restore = (s: string) => s.replaceAll(LITERAL_STAR, '*').replaceAll(LITERAL_QUESTION, '?');
  if (!like) return ignoreCase ? restore(sub.text).toLowerCase() === value.toLowerCase() : restore(sub.text) === value;
  if (!sub.literal) return globMatch(sub.text, value, ignoreCase);
  // Literal `*` / `?` from variables: match them as the private-use stand-ins on both sides.
  const marked = value.replaceAll('*', LITERAL_STAR).replaceAll('?', LITERAL_QUESTION);
  return globMatch(sub.text, marked, ignoreCase);
}

// ---------------------------------------------------------------------------------------------
// Conditions

function parseDate(v: string): number | undefined {
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms;
}

function parseNumber(v: string): number | undefined {
  if (v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isNaN(n) ? undefined : n;
}

function compare(op: string, a: number, b: number): boolean {
  switch (op) {
    case 'Equals': case 'NotEquals': return a === b;
    case 'LessThan': return a < b;
    case 'LessThanEquals': return a <= b;
    case 'GreaterThan': return a > b;
    case 'GreaterThanEquals': return a >= b;
    default: return false;
  }
}

function ipInRange(ip: string, cidr: string): boolean {
  const clean = (s: string) => (s.startsWith('::ffff:') && isIP(s.slice(7)) === 4 ? s.slice(7) : s);
  const address = clean(ip);
  const slash = cidr.indexOf('/');
  const network = clean(slash < 0 ? cidr : cidr.slice(0, slash));
  const type = isIP(network);
  if (type === 0 || isIP(address) !== type) return false;
  const max = type === 4 ? 32 : 128;
  const prefix = slash < 0 ? max : Number(cidr.slice(slash + 1));
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return false;
  try {
    const list = new BlockList();
    list.addSubnet(network, prefix, type === 4 ? 'ipv4' : 'ipv6');
    return list.check(address, type === 4 ? 'ipv4' : 'ipv6');
  } catch {
    return false;
  }
}

const NEGATED = new Set([
  'StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike', 'NumericNotEquals', 'DateNotEquals',
  'NotIpAddress', 'ArnNotEquals', 'ArnNotLike',
]);

/** Does one request value satisfy the positive form of the operator against one policy value? */
function positiveMatch(base: string, policyValue: string, value: string, context: RequestContext): boolean {
  switch (base) {
    case 'StringEquals': case 'StringNotEquals': return matchPattern(policyValue, value, context, false);
    case 'StringEqualsIgnoreCase': case 'StringNotEqualsIgnoreCase': return matchPattern(policyValue, value, context, false, true);
    case 'StringLike': case 'StringNotLike': case 'ArnLike': case 'ArnNotLike': return matchPattern(policyValue, value, context, true);
    case 'ArnEquals': case 'ArnNotEquals': return matchPattern(policyValue, value, context, true);
    case 'Bool': return policyValue.toLowerCase() === value.toLowerCase();
    case 'BinaryEquals': return policyValue === value;
    case 'IpAddress': case 'NotIpAddress': return ipInRange(value, policyValue);
    default: {
      const numeric = base.startsWith('Numeric');
      const op = base.slice(numeric ? 'Numeric'.length : 'Date'.length);
      const a = numeric ? parseNumber(value) : parseDate(value);
      const b = numeric ? parseNumber(policyValue) : parseDate(policyValue);
      return a !== undefined && b !== undefined && compare(op, a, b);
    }
  }
}

function conditionHolds(clause: ConditionClause, context: RequestContext): boolean {
  const values = context.get(clause.key.toLowerCase());
  const present = values !== undefined && values.length > 0;
  if (clause.base === 'Null') {
    const wantsAbsent = clause.values.some((v) => v.toLowerCase() === 'true');
    const wantsPresent = clause.values.some((v) => v.toLowerCase() === 'false');
    return (wantsAbsent && !present) || (wantsPresent && present);
  }
  const negated = NEGATED.has(clause.base);
  if (!present) {
    if (clause.set === 'all') return true;
    if (clause.set === 'any') return false;
    return clause.ifExists || negated;
  }
  const holdsFor = (value: string): boolean => {
    const any = clause.values.some((p) => positiveMatch(clause.base, p, value, context));
    return negated ? !any : any;
  };
  if (clause.set === 'all') return values.every(holdsFor);
  if (clause.set === 'any') return values.some(holdsFor);
  return negated ? values.every(holdsFor) : values.some(holdsFor);
}

// ---------------------------------------------------------------------------------------------
// Statements and policies

function principalMatches(block: PrincipalBlock, principal: PolicyRequest['principal']): boolean {
  if (block === '*') return true;
  if (!principal) return false;
  const ids = block[principal.type];
  return ids !== undefined && ids.some((id) => id === '*' || principal.ids.includes(id));
}

function statementApplies(s: Statement, request: PolicyRequest): boolean {
  if (s.action && !s.action.some((a) => globMatch(a, request.action, true))) return false;
  if (s.notAction && s.notAction.some((a) => globMatch(a, request.action, true))) return false;
  if (s.resource || s.notResource) {
    const resource = request.resource;
    if (resource === undefined) return false;
    if (s.resource && !s.resource.some((r) => matchPattern(r, resource, request.context, true))) return false;
    if (s.notResource && s.notResource.some((r) => matchPattern(r, resource, request.context, true))) return false;
  }
  if (s.principal && !principalMatches(s.principal, request.principal)) return false;
  if (s.notPrincipal && principalMatches(s.notPrincipal, request.principal)) return false;
  return s.conditions.every((c) => conditionHolds(c, request.context));
}

/** One set of policies: an explicit Deny wins, then an Allow, else ImplicitDeny. */
export function evaluatePolicies(policies: readonly PolicyDocument[], request: PolicyRequest): Decision {
  let allowed = false;
  for (const policy of policies) {
    for (const s of policy.statements) {
      if (!statementApplies(s, request)) continue;
      if (s.effect === 'Deny') return 'Deny';
      allowed = true;
    }
  }
  return allowed ? 'Allow' : 'ImplicitDeny';
}

/**
 * A session's decision: the role's permission policies, narrowed by each boundary (the session
 * policy, Cognito's scope-down): allowed only when the role's policies allow it and every
 * boundary allows it too; a Deny anywhere is a Deny.
 */
export function evaluateSession(
  identityPolicies: readonly PolicyDocument[], boundaries: readonly (readonly PolicyDocument[])[], request: PolicyRequest,
): Decision {
  const identity = evaluatePolicies(identityPolicies, request);
  const bounded = boundaries.map((b) => evaluatePolicies(b, request));
  if (identity === 'Deny' || bounded.includes('Deny')) return 'Deny';
  return identity === 'Allow' && bounded.every((d) => d === 'Allow') ? 'Allow' : 'ImplicitDeny';
}
