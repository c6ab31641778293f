/**
 * The branding the managed login pages apply, read through this one function: the classic UI
 * customisation (SetUICustomization: the client's own, else the pool's CSS and logo) and the
 * client's managed login style (its colours, radii and form logo, managed-login-style.ts, after
 * the classic CSS and before it for the logo) from the management API's storage (branding/for-pages.ts).
 */
import { brandingFor } from '../branding/for-pages.ts';
import type { Services } from '../context.ts';
import { managedLoginCss, managedLoginLogo } from './managed-login-style.ts';

export interface Branding {
  /** Extra CSS appended to the pages' own (UICustomization's CSS, sanitised when it was set). */
  css?: string;
  /** A logo as a data: URL. */
  logoDataUrl?: string;
}

export type BrandingSource = (services: Services, poolId: string, clientId: string) => Promise<Branding>;

export const defaultBranding: BrandingSource = async (services, poolId, clientId) => {
  const { classic, managedLogin } = await brandingFor(services, poolId, clientId);
  const css = (classic.css ?? '') + (managedLogin ? managedLoginCss(managedLogin.settings) : '');
  const logo = (managedLogin ? managedLoginLogo(managedLogin.assets) : undefined)
    ?? (classic.logo ? `data:${classic.logo.contentType};base64,${classic.logo.bytes.toString('base64')}` : undefined);
  return {
    ...(css ? { css } : {}),
    ...(logo ? { logoDataUrl: logo } : {}),
  };
};
