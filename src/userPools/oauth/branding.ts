/**
 * The branding the managed login pages apply, read through this one function: the classic UI
 * customisation (SetUICustomization: the client's own, else the pool's CSS and logo) from the
 * management API's storage (branding/for-pages.ts).
 */
import { brandingFor } from '../branding/for-pages.ts';
import type { Services } from '../context.ts';

export interface Branding {
  /** Extra CSS appended to the pages' own (UICustomization's CSS, sanitised when it was set). */
  css?: string;
  /** A logo as a data: URL. */
  logoDataUrl?: string;
}

export type BrandingSource = (services: Services, poolId: string, clientId: string) => Promise<Branding>;

export const defaultBranding: BrandingSource = async (services, poolId, clientId) => {
  const { classic } = await brandingFor(services, poolId, clientId);
  return {
    ...(classic.css ? { css: classic.css } : {}),
    ...(classic.logo ? { logoDataUrl: `data:${classic.logo.contentType};base64,${classic.logo.bytes.toString('base64')}` } : {}),
  };
};
