/**
 * The AWS Query protocol's pieces shared by the STS and IAM tables: reading form parameters
 * (scalars, `Name.member.N` lists, `Name.member.N.Key` structures) and writing XML elements.
 */
export const escapeXml = (text: string): string =>
  text.replace(/[<>&'"\r]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;', '\r': '&#13;' })[c]!);

/** `<name>text</name>`, text escaped; nothing for an undefined value. */
export const xmlText = (name: string, value: string | number | boolean | undefined): string =>
  value === undefined ? '' : `<${name}>${escapeXml(String(value))}</${name}>`;

/** `<name>inner</name>`, inner already XML. */
export const xmlNode = (name: string, inner: string): string => `<${name}>${inner}</${name}>`;

/** ISO 8601 with milliseconds dropped, as STS and IAM write times. */
export const xmlTime = (date: Date | number): string => new Date(date).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** `Name.member.1`, `Name.member.2`, ... until the first gap. */
export function memberList(params: URLSearchParams, name: string): string[] {
  const out: string[] = [];
  for (let i = 1; params.has(`${name}.member.${i}`); i++) out.push(params.get(`${name}.member.${i}`)!);
  return out;
}

/** `Name.member.N.Key` / `.Value` pairs until the first gap. */
export function memberPairs(params: URLSearchParams, name: string): { Key: string; Value: string }[] {
  const out: { Key: string; Value: string }[] = [];
  for (let i = 1; params.has(`${name}.member.${i}.Key`); i++) {
    out.push({ Key: params.get(`${name}.member.${i}.Key`)!, Value: params.get(`${name}.member.${i}.Value`) ?? '' });
  }
  return out;
}

/** A parameter's value, or undefined when absent. */
export const param = (params: URLSearchParams, name: string): string | undefined => params.get(name) ?? undefined;

/** An integer parameter; NaN when present but not an integer (the handler's checks refuse it). */
export function intParam(params: URLSearchParams, name: string): number | undefined {
  const v = params.get(name);
  if (v === null) return undefined;
  return /^-?\d{1,10}$/.test(v.trim()) ? Number(v.trim()) : Number.NaN;
}
