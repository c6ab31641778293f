/**
 * Request parameters of the OAuth endpoints and pages (query or form): each one at most once and
 * at most MAX_PARAMETER_LENGTH characters, so that no handler meets an array or a megabyte.
 */
import { oauthError } from './errors.ts';

export const MAX_PARAMETER_LENGTH = 4096;

export type Parameters = Readonly<Record<string, string>>;

/** A parsed query or form (`string | string[]` values) as single strings, or invalid_request. */
export function singleParameters(raw: unknown): Parameters {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  if (raw === null || raw === undefined || typeof raw !== 'object') return out;
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof value !== 'string') throw oauthError('invalid_request', `Parameter ${name.slice(0, 64)} is repeated or malformed`);
    if (value.length > MAX_PARAMETER_LENGTH || name.length > 256) throw oauthError('invalid_request', `Parameter ${name.slice(0, 64)} is too long`);
    out[name] = value;
  }
  return out;
}

/** A form body (`application/x-www-form-urlencoded`) as parsed values: a name given twice keeps both. */
export function parseForm(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [name, value] of new URLSearchParams(body)) {
    const seen = out[name];
    out[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return out;
}

/** `uri` with `params` appended to its query (`?`) or fragment (`#`), keeping what it has. */
export function withParameters(uri: string, params: Record<string, string | undefined>, where: '?' | '#' = '?'): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) search.set(k, v);
  const text = search.toString();
  if (where === '#') return `${uri.split('#')[0]}#${text}`;
  return `${uri}${uri.includes('?') ? '&' : '?'}${text}`;
}
