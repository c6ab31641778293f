/** The classic hosted UI's logo: a PNG or JPEG image (by its leading bytes), as a data URL. */
import { errors } from '../../errors.ts';

export function logoContentType(bytes: Buffer): 'image/png' | 'image/jpeg' {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  throw errors.invalidParameter('The ImageFile must be a PNG or JPEG image.');
}

/** The logo as a URL the pages and the API answer can use. */
export function logoUrl(base64: string): string {
  return `data:${logoContentType(Buffer.from(base64, 'base64'))};base64,${base64}`;
}
