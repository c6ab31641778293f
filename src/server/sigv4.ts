/**
 * Verification of AWS Signature Version 4 (header form), as used by the AWS SDKs and the CLI on the
 * management operations: `Authorization: AWS4-HMAC-SHA256 Credential=AKID/YYYYMMDD/region/service/aws4_request,
 * SignedHeaders=..., Signature=...`. We rebuild the canonical request from what arrived on the wire and
 * recompute the HMAC; the canonicalisation mirrors `@smithy/signature-v4` (what the JS SDK signs with),
 * which follows the published spec for non-S3 services (double-encoded path, sorted query and headers).
 *
 * Pure: no framework types, no storage. The secret lookup is injected; errors are CognitoErrors named
 * as AWS names them, so SDKs surface the same exception classes they would against AWS.
 * The API surfaces take the header form only; `verifySignedRequest` (resource servers' requests,
 * the verifier) also takes presigned URLs. SigV4a is not supported.
 */
import { createHash, createHmac, createSecretKey, hash, timingSafeEqual, type KeyObject } from 'node:crypto';
import { errors } from '../errors.ts';

export interface SigV4Request {
  method: string;
  /** Request target exactly as received (still percent-encoded), path plus optional `?query`. */
  path: string;
  /** Header names in any case (Node gives lower case); arrays are joined with ','. */
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The raw body bytes; the signature covers them. Strings are hashed as UTF-8. */
  body: Uint8Array | string;
}

export interface SigV4Credential {
  secretAccessKey: string;
  accountId: string;
  /** For temporary credentials: the request must carry exactly this `x-amz-security-token`. */
  sessionToken?: string;
}

type SigV4SecretLookup = (accessKeyId: string) => SigV4Credential | undefined;
type SigV4AsyncSecretLookup = (accessKeyId: string) => SigV4Credential | undefined | Promise<SigV4Credential | undefined>;

interface SigV4Options {
  now: Date;
  /** Signing name the endpoint answers to (`cognito-idp`, `cognito-identity`, `sts`); unchecked if omitted. */
  expectedService?: string;
  /** Region the endpoint answers to; any well-formed region is accepted if omitted (self-hosting). */
  expectedRegion?: string;
  /** Allowed clock difference either way; AWS uses 15 minutes. */
  maxSkewMs?: number;
  /** Accept `x-amz-content-sha256: UNSIGNED-PAYLOAD` (body then unauthenticated). Off: bodies carry admin intent. */
  allowUnsignedPayload?: boolean;
  /**
   * Headers (lower case) that SignedHeaders must list besides `host`: a signature that leaves
   * `x-amz-target` unsigned could be replayed against another operation.
   */
  requiredSignedHeaders?: readonly string[];
}

/** Who signed the request, once the signature checked out. */
interface SigV4Identity {
  accessKeyId: string;
  accountId: string;
  region: string;
  service: string;
  sessionToken: string | undefined;
  signedAt: Date;
}

/** The Authorization header and signing date, syntactically checked but not yet authenticated. */
interface ParsedSigV4 {
  accessKeyId: string;
  /** `YYYYMMDD'T'HHMMSS'Z'` as signed. */
  amzDate: string;
  signedAt: Date;
  scopeDate: string;
  region: string;
  service: string;
  /** Lower-cased, sorted, de-duplicated. */
  signedHeaders: string[];
  signature: string;
  /** The request's headers by lower-case name, as parsed (checkSigV4 reads them rather than building them again). */
  headers: ReadonlyMap<string, string>;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const TERMINATOR = 'aws4_request';
const DEFAULT_SKEW_MS = 15 * 60_000;
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const SCOPE_PART = /^[a-z0-9-]{1,64}$/;
const LONG_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

const MSG_BAD_SIGNATURE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const MSG_BAD_TOKEN = 'The security token included in the request is invalid.';

// ---------------------------------------------------------------------------------------------
// Entry points

/** Verifies a request with a synchronous secret lookup. Throws only CognitoErrors (unless the lookup throws). */
export function verifySigV4(request: SigV4Request, lookupSecret: SigV4SecretLookup, opts: SigV4Options): SigV4Identity {
  const parsed = parseSigV4(request, opts);
  return checkSigV4(request, parsed, lookupSecret(parsed.accessKeyId), opts);
}

/** Same as verifySigV4 for stores whose lookup is asynchronous (e.g. PostgreSQL). */
export async function verifySigV4Async(
  request: SigV4Request,
  lookupSecret: SigV4AsyncSecretLookup,
  opts: SigV4Options,
): Promise<SigV4Identity> {
  const parsed = parseSigV4(request, opts);
  return checkSigV4(request, parsed, await lookupSecret(parsed.accessKeyId), opts);
}

/**
 * Step 1: parse the Authorization header and date, and check scope and clock skew. Cheap and needs no
 * secret, so garbage is rejected before any storage lookup.
 */
export function parseSigV4(request: SigV4Request, opts: SigV4Options): ParsedSigV4 {
  const headers = lowerCaseHeaders(request.headers);
  const authorization = headers.get('authorization');
  if (authorization === undefined || authorization.trim() === '') {
    throw errors.missingAuthenticationToken('Missing Authentication Token');
  }
  const params = parseAuthorization(authorization);

  const missing: string[] = [];
  for (const name of ['Credential', 'Signature', 'SignedHeaders']) {
    if (!params.get(name)) missing.push(`Authorization header requires '${name}' parameter.`);
  }
  const dateHeader = headers.get('x-amz-date') ?? headers.get('date');
  if (dateHeader === undefined) {
    missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  if (missing.length > 0) throw errors.incompleteSignature(missing.join(' '));

  const amzDate = toLongDate(headers.get('x-amz-date'), headers.get('date'));
  const signedAt = parseLongDate(amzDate);

  const credentialParts = params.get('Credential')!.split('/');
  if (credentialParts.length !== 5 || credentialParts[0] === '') {
    throw errors.incompleteSignature(
      'Credential is malformed; expecting "<AccessKeyId>/<YYYYMMDD>/<region>/<service>/aws4_request".',
    );
  }
  const [accessKeyId, scopeDate, region, service, terminator] = credentialParts as [string, string, string, string, string];
  if (terminator !== TERMINATOR) {
    throw errors.incompleteSignature(`Credential should be scoped with a valid terminator: '${TERMINATOR}', not '${clip(terminator)}'. `);
  }
  if (!SCOPE_PART.test(region) || (opts.expectedRegion !== undefined && region !== opts.expectedRegion)) {
    throw errors.invalidSignature('Credential should be scoped to a valid region. ');
  }
  if (!SCOPE_PART.test(service) || (opts.expectedService !== undefined && service !== opts.expectedService)) {
    throw errors.invalidSignature(`Credential should be scoped to correct service: '${opts.expectedService ?? clip(service)}'. `);
  }
  if (scopeDate !== amzDate.slice(0, 8)) {
    throw errors.invalidSignature(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${clip(scopeDate)}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
    );
  }

  const signedHeaders = [...new Set(params.get('SignedHeaders')!.toLowerCase().split(';'))].filter((h) => h !== '').sort();
  if (!signedHeaders.includes('host') && !signedHeaders.includes(':authority')) {
    throw errors.incompleteSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  for (const name of opts.requiredSignedHeaders ?? []) {
    if (!signedHeaders.includes(name)) {
      throw errors.incompleteSignature(`'${headerCase(name)}' must be a 'SignedHeader' in the AWS Authorization.`);
    }
  }

  checkSkew(signedAt, amzDate, opts);
  return { accessKeyId, amzDate, signedAt, scopeDate, region, service, signedHeaders, signature: params.get('Signature')!.toLowerCase(), headers };
}

/** Step 2: authenticate a parsed request (parseSigV4 of this same request) against the credential found for its access key. */
function checkSigV4(
  request: SigV4Request,
  parsed: ParsedSigV4,
  credential: SigV4Credential | undefined,
  opts: Pick<SigV4Options, 'allowUnsignedPayload'> = {},
): SigV4Identity {
  if (credential === undefined) throw errors.unrecognizedClient(MSG_BAD_TOKEN);
  const headers = parsed.headers;

  // A temporary key is only valid together with its token; a long-term key must not carry one (as AWS).
  const token = headers.get('x-amz-security-token');
  if (!sameSessionToken(token, credential.sessionToken)) throw errors.unrecognizedClient(MSG_BAD_TOKEN);

  const payloadHash = payloadHashFor(request.body, headers.get('x-amz-content-sha256'), opts.allowUnsignedPayload === true);
  const expected = expectedSignature(request, parsed, credential.secretAccessKey, payloadHash, true);
  if (!sameSignature(expected, parsed.signature)) throw errors.invalidSignature(MSG_BAD_SIGNATURE);
  return {
    accessKeyId: parsed.accessKeyId,
    accountId: credential.accountId,
    region: parsed.region,
    service: parsed.service,
    sessionToken: credential.sessionToken,
    signedAt: parsed.signedAt,
  };
}

/** The signature the holder of `secret` computes for this request (`escapePath` false: S3's single-encoded path). */
function expectedSignature(request: SigV4Request, parsed: ParsedSigV4, secret: string, payloadHash: string, escapePath: boolean): string {
  const headers = parsed.headers;
  const canonicalRequest = [
    request.method.toUpperCase(),
    escapePath ? canonicalUri(request.path) : s3CanonicalUri(request.path),
    canonicalQuery(request.path),
    ...parsed.signedHeaders.map((name) => `${name}:${canonicalHeaderValue(headers.get(name))}`),
    '',
    parsed.signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${parsed.scopeDate}/${parsed.region}/${parsed.service}/${TERMINATOR}`;
  const stringToSign = [ALGORITHM, parsed.amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = signingKey(secret, parsed.scopeDate, parsed.region, parsed.service);
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
}

const sameSignature = (expected: string, sent: string): boolean =>
  /^[0-9a-f]{64}$/.test(sent) && timingSafeEqual(Buffer.from(expected), Buffer.from(sent));

// ---------------------------------------------------------------------------------------------
// Requests to resource servers (the verifier): header or presigned query, any service

/** Who signed a resource server's request, and until when a presigned URL holds. */
export interface SignedRequestIdentity extends SigV4Identity {
  presigned: boolean;
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const MAX_PRESIGNED_S = 604_800;

/** A presigned URL's query, parsed as parseSigV4 parses a header (SignedHeaders, scope, date, expiry). */
function parsePresigned(request: SigV4Request, opts: SigV4Options): ParsedSigV4 & { expiresS: number } {
  const headers = lowerCaseHeaders(request.headers);
  const q = request.path.indexOf('?');
  const query = new URLSearchParams(q < 0 ? '' : request.path.slice(q + 1));
  if (query.get('X-Amz-Algorithm') !== ALGORITHM) {
    throw errors.incompleteSignature(`Unsupported AWS 'algorithm': '${clip(query.get('X-Amz-Algorithm') ?? '')}'. Only '${ALGORITHM}' is accepted.`);
  }
  const missing = ['X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature'].filter((n) => !query.get(n));
  if (missing.length > 0) throw errors.incompleteSignature(`Query-string authentication requires the ${missing.join(', ')} parameter${missing.length > 1 ? 's' : ''}.`);
  const amzDate = query.get('X-Amz-Date')!;
  const signedAt = parseLongDate(amzDate);
  const expiresS = Number(query.get('X-Amz-Expires'));
  if (!Number.isInteger(expiresS) || expiresS < 1 || expiresS > MAX_PRESIGNED_S) {
    throw errors.incompleteSignature('X-Amz-Expires must be between 1 and 604800 seconds.');
  }
  const parts = query.get('X-Amz-Credential')!.split('/');
  if (parts.length !== 5 || parts[0] === '' || parts[4] !== TERMINATOR) {
    throw errors.incompleteSignature('Credential is malformed; expecting "<AccessKeyId>/<YYYYMMDD>/<region>/<service>/aws4_request".');
  }
  const [accessKeyId, scopeDate, region, service] = parts as [string, string, string, string];
  if (!SCOPE_PART.test(region) || (opts.expectedRegion !== undefined && region !== opts.expectedRegion)) {
    throw errors.invalidSignature('Credential should be scoped to a valid region. ');
  }
  if (!SCOPE_PART.test(service) || (opts.expectedService !== undefined && service !== opts.expectedService)) {
    throw errors.invalidSignature(`Credential should be scoped to correct service: '${opts.expectedService ?? clip(service)}'. `);
  }
  if (scopeDate !== amzDate.slice(0, 8)) throw errors.invalidSignature('Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.');
  const signedHeaders = [...new Set(query.get('X-Amz-SignedHeaders')!.toLowerCase().split(';'))].filter((h) => h !== '').sort();
  if (!signedHeaders.includes('host')) throw errors.incompleteSignature("'Host' must be a 'SignedHeader' in the AWS Authorization.");
  const now = opts.now.getTime();
  if (signedAt.getTime() > now + (opts.maxSkewMs ?? DEFAULT_SKEW_MS)) throw errors.invalidSignature('Request is not yet valid');
  if (signedAt.getTime() + expiresS * 1000 < now) throw errors.invalidSignature('Request has expired');
  // The security token travels in the query: checkSigV4's comparison reads it from the headers.
  const token = query.get('X-Amz-Security-Token');
  if (token !== null) headers.set('x-amz-security-token', token);
  return { accessKeyId, amzDate, signedAt, scopeDate, region, service, signedHeaders, signature: query.get('X-Amz-Signature')!.toLowerCase(), headers, expiresS };
}

/**
 * Verifies a request made to a resource server with these credentials: the Authorization header
 * or a presigned URL's query (`X-Amz-Expires` honoured), any service and region. The payload may
 * be `UNSIGNED-PAYLOAD` (S3 clients send it); a presigned URL signs `UNSIGNED-PAYLOAD` or the
 * body's hash. S3 clients sign the path as sent, other services encoded once more: for `s3`
 * both forms are accepted (either proves the secret).
 */
export async function verifySignedRequest(
  request: SigV4Request, lookupSecret: SigV4AsyncSecretLookup, opts: SigV4Options & {
    /** The body was not handed over: a declared `x-amz-content-sha256` is taken as is (the resource server checks the body against it). */
    trustDeclaredPayloadHash?: boolean;
  },
): Promise<SignedRequestIdentity> {
  const headers = lowerCaseHeaders(request.headers);
  const q = request.path.indexOf('?');
  const presigned = !headers.has('authorization') && q >= 0 && /(?:^|&)X-Amz-Algorithm=/.test(request.path.slice(q + 1));
  const parsed = presigned ? parsePresigned(request, opts) : parseSigV4(request, opts);
  const credential = await lookupSecret(parsed.accessKeyId);
  if (credential === undefined) throw errors.unrecognizedClient(MSG_BAD_TOKEN);
  if (!sameSessionToken(parsed.headers.get('x-amz-security-token'), credential.sessionToken)) throw errors.unrecognizedClient(MSG_BAD_TOKEN);
  const declared = parsed.headers.get('x-amz-content-sha256')?.trim();
  const hashes = presigned
    ? (declared !== undefined ? [declared] : [UNSIGNED_PAYLOAD, sha256Hex(request.body), EMPTY_SHA256])
    : declared !== undefined && opts.trustDeclaredPayloadHash ? [declared] : [payloadHashFor(request.body, declared, true)];
  const escapes = parsed.service === 's3' ? [true, false] : [true];
  let ok = false;
  for (const hash of new Set(hashes)) {
    for (const escape of escapes) {
      if (sameSignature(expectedSignature(request, parsed, credential.secretAccessKey, hash, escape), parsed.signature)) ok = true;
    }
  }
  if (!ok) throw errors.invalidSignature(MSG_BAD_SIGNATURE);
  return {
    accessKeyId: parsed.accessKeyId, accountId: credential.accountId, region: parsed.region, service: parsed.service,
    sessionToken: credential.sessionToken, signedAt: parsed.signedAt, presigned,
  };
}

// ---------------------------------------------------------------------------------------------
// Authorization header and date

/** `AWS4-HMAC-SHA256 K=V, K=V, ...`. AWS splits on commas and whitespace, so a stray space in a key id is a malformed pair. */
function parseAuthorization(header: string): Map<string, string> {
  const trimmed = header.trim();
  const space = trimmed.search(/\s/);
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space);
  if (algorithm !== ALGORITHM) {
    // Not echoing the rest: a misdirected `Bearer <token>` must not land in error logs.
    throw errors.incompleteSignature(`Unsupported AWS 'algorithm': '${clip(algorithm)}'. Only '${ALGORITHM}' is accepted.`);
  }
  const params = new Map<string, string>();
  for (const pair of trimmed.slice(algorithm.length).split(/[\s,]+/)) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      throw errors.incompleteSignature(
        `'${clip(pair)}' not a valid key=value pair (missing equal-sign) in Authorization header: '${clip(trimmed, 512)}'.`,
      );
    }
    params.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return params;
}

/** The signing timestamp in ISO-8601 basic form; `Date` (RFC 7231) is the spec's fallback to `X-Amz-Date`. */
function toLongDate(amzDate: string | undefined, httpDate: string | undefined): string {
  if (amzDate !== undefined) return amzDate.trim();
  const ms = Date.parse(httpDate ?? '');
  return Number.isNaN(ms) ? (httpDate ?? '') : formatLongDate(new Date(ms));
}

function parseLongDate(value: string): Date {
  const m = LONG_DATE.exec(value);
  const date = m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : undefined;
  // Reading the fields back rejects impossible dates such as month 13, which Date.UTC would
  // silently roll over (and years below 100, which it maps to the 1900s).
  if (date === undefined || Number.isNaN(date.getTime()) || date.getUTCFullYear() !== +m![1]! || date.getUTCMonth() !== +m![2]! - 1
    || date.getUTCDate() !== +m![3]! || date.getUTCHours() !== +m![4]! || date.getUTCMinutes() !== +m![5]! || date.getUTCSeconds() !== +m![6]!) {
    throw errors.incompleteSignature(`X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`);
  }
  return date;
}

const formatLongDate = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');

function checkSkew(signedAt: Date, amzDate: string, opts: SigV4Options): void {
  const skew = opts.maxSkewMs ?? DEFAULT_SKEW_MS;
  const now = opts.now.getTime();
  const minutes = `${Math.round(skew / 60_000)} min.`;
  if (signedAt.getTime() < now - skew) {
    throw errors.invalidSignature(
      `Signature expired: ${amzDate} is now earlier than ${formatLongDate(new Date(now - skew))} (${formatLongDate(opts.now)} - ${minutes})`,
    );
  }
  if (signedAt.getTime() > now + skew) {
    throw errors.invalidSignature(
      `Signature not yet current: ${amzDate} is still later than ${formatLongDate(new Date(now + skew))} (${formatLongDate(opts.now)} + ${minutes})`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Canonical request pieces

function lowerCaseHeaders(headers: SigV4Request['headers']): Map<string, string> {
  const out = new Map<string, string>();
  for (const name in headers) {
    if (!Object.hasOwn(headers, name)) continue;
    const value = headers[name];
    if (value === undefined) continue;
    out.set(name.toLowerCase(), typeof value === 'string' ? value : value.join(','));
  }
  return out;
}

/** What canonicalHeaderValue would change: a line break, a tab, two blanks in a row, a blank at either end. */
const NOT_CANONICAL = /[\r\n\t]| {2}|^ | $/;

/** Line breaks become spaces, runs of blanks collapse, ends are trimmed (as the SDK signer does). */
const canonicalHeaderValue = (value: string | undefined): string =>
  value === undefined ? '' : !NOT_CANONICAL.test(value) ? value
    : value.replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').replace(/^ | $/g, '');

/** RFC 3986 unreserved characters stay; everything else is %XX (upper case), including `!'()*`. */
function escapeUri(value: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    // Lone surrogates cannot come off the wire, but callers may hand us anything; never throw a URIError.
    encoded = encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
  }
  return encoded.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decodeUri(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // malformed escapes are signed as the literal text the client had
  }
}

/**
 * Non-S3 services sign the normalised path encoded once more on top of its wire encoding, so the raw
 * (still encoded) path is normalised (empty, `.`, `..` segments removed) and escaped again.
 */
function canonicalUri(target: string): string {
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const normalized = `${path.startsWith('/') ? '/' : ''}${segments.join('/')}${segments.length > 0 && path.endsWith('/') ? '/' : ''}`;
  return escapeUri(normalized === '' ? '/' : normalized).replace(/%2F/g, '/');
}

/** S3's canonical path: the path as sent (each segment encoded once, slashes and dots kept). */
function s3CanonicalUri(target: string): string {
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  return path === '' ? '/' : path.split('/').map((segment) => escapeUri(decodeUri(segment))).join('/');
}

/** Decoded then re-encoded uniformly, sorted by key then value; `X-Amz-Signature` never signs itself. */
function canonicalQuery(target: string): string {
  const q = target.indexOf('?');
  if (q < 0) return '';
  const pairs: [string, string][] = [];
  for (const piece of target.slice(q + 1).split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const key = escapeUri(decodeUri(eq < 0 ? piece : piece.slice(0, eq)));
    if (key.toLowerCase() === 'x-amz-signature') continue;
    pairs.push([key, escapeUri(decodeUri(eq < 0 ? '' : piece.slice(eq + 1)))]);
  }
  pairs.sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

/**
 * The signer hashes the body, or uses `x-amz-content-sha256` verbatim when the client sent one. A declared
 * hash is only trusted after checking it against the body we actually received.
 */
function payloadHashFor(body: Uint8Array | string, declared: string | undefined, allowUnsigned: boolean): string {
  const actual = sha256Hex(body);
  if (declared === undefined) return actual;
  const value = declared.trim();
  if (value === UNSIGNED_PAYLOAD && allowUnsigned) return value;
  if (value === UNSIGNED_PAYLOAD || value.startsWith('STREAMING-')) {
    throw errors.invalidSignature(`'x-amz-content-sha256: ${clip(value)}' is not accepted here; sign the request body.`);
  }
  if (value.toLowerCase() !== actual) {
    throw errors.invalidSignature("The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
  return value;
}

function sameSessionToken(sent: string | undefined, expected: string | undefined): boolean {
  if (expected === undefined || expected === '') return sent === undefined || sent === '';
  if (sent === undefined) return false;
  const a = createHash('sha256').update(sent).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b); // hashing first makes the compare length-independent
}

/** One-shot (`crypto.hash`: no Hash object; ~0.3-0.5 µs against ~0.8-1.0 µs for these sizes). */
const sha256Hex = (data: Uint8Array | string): string => hash('sha256', data, 'hex');

// ---------------------------------------------------------------------------------------------
// Signing keys: four chained HMACs per request otherwise, but the key only changes once a day per scope.
// Cached as a KeyObject: an HMAC keyed by a KeyObject starts in ~2 us, by a Buffer in ~13-17 us
// (Node checks a Buffer key against every key type first), which was most of a verification.

const SIGNING_KEY_CACHE_MAX = 256;
const signingKeys = new Map<string, KeyObject>();

function signingKey(secret: string, date: string, region: string, service: string): KeyObject {
  // Date, region and service are validated to [a-z0-9-], so '/' cannot make two scopes collide.
  const cacheKey = `${date}/${region}/${service}/${secret}`;
  const cached = signingKeys.get(cacheKey);
  if (cached !== undefined) return cached;
  let key: Buffer = createHmac('sha256', `AWS4${secret}`).update(date).digest();
  for (const part of [region, service, TERMINATOR]) key = createHmac('sha256', key).update(part).digest();
  const keyObject = createSecretKey(key);
  if (signingKeys.size >= SIGNING_KEY_CACHE_MAX) signingKeys.delete(signingKeys.keys().next().value!);
  signingKeys.set(cacheKey, keyObject);
  return keyObject;
}

/** For tests: the number of cached signing keys (bounded by SIGNING_KEY_CACHE_MAX). */
export const signingKeyCacheSize = (): number => signingKeys.size;

/** `x-amz-target` → `X-Amz-Target`, as AWS names headers in its messages. */
const headerCase = (name: string): string => name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());

/** Bounds what we echo from a header into an error message. */
const clip = (s: string, max = 64): string => (s.length > max ? `${s.slice(0, max)}…` : s);
