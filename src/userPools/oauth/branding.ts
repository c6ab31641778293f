/**
 * The branding the managed login pages apply (logo, CSS, colours), read through this one
 * function. Its storage (SetUICustomization, the managed-login branding operations) belongs to the
 * management API; until that is plugged in, every pool has the default look.
 */
import type { Services } from '../context.ts';

export interface Branding {
  /** Extra CSS appended to the pages' own (UICustomization's CSS). */
  css?: string;
  /** A logo as a data: URL. */
  logoDataUrl?: string;
}

export type BrandingSource = (services: Services, poolId: string, clientId: string) => Promise<Branding>;

export const defaultBranding: BrandingSource = async () => ({});
