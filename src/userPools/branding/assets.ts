/**
 * Managed login style assets: an image's bytes must be what its Extension says (PNG, JPEG, WEBP
 * and ICO by their leading bytes; SVG as an XML document whose root is `<svg`), and at most
 * Cognito's 1,000,000 bytes. The pages serve them only so (the hosted-ui surface's asset route).
 */
export const MAX_ASSET_BYTES = 1_000_000;

const startsWith = (bytes: Buffer, prefix: number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);

/** Whether `bytes` are an image of the kind `extension` names. */
export function bytesMatchExtension(extension: string | undefined, bytes: Buffer): boolean {
  switch (extension) {
    case 'PNG': return startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case 'JPEG': return startsWith(bytes, [0xff, 0xd8, 0xff]);
    case 'WEBP': return startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8);
    case 'ICO': return startsWith(bytes, [0x00, 0x00, 0x01, 0x00]) && bytes.length >= 6;
    case 'SVG': return isSvg(bytes);
    default: return false;
  }
}

/** An SVG document: UTF-8 text, after an optional XML declaration, comments and doctype, an `<svg` root. */
function isSvg(bytes: Buffer): boolean {
  const text = bytes.toString('utf8');
  if (text.includes('\uFFFD')) return false;
  const head = text.replace(/^\uFEFF/, '').replace(/^\s*(<\?xml[^>]*\?>\s*)?((<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)\s*)*/i, '');
  return /^<svg[\s>]/.test(head);
}

/** The categories whose asset must have one extension (the favicons); the others take any image but ICO. */
export function extensionAllowed(category: string | undefined, extension: string | undefined): boolean {
  if (category === 'FAVICON_ICO') return extension === 'ICO';
  if (category === 'FAVICON_SVG') return extension === 'SVG';
  return extension === 'PNG' || extension === 'JPEG' || extension === 'SVG' || extension === 'WEBP';
}
