/**
 * The branding the managed login pages apply, read through this one function: the classic UI
 * customisation (SetUICustomization: the client's own, else the pool's CSS and logo) and the
 * client's managed login style (managed-login-style.ts: its light and dark values, header,
 * footer, backgrounds, form logo, favicons and factor graphics; its CSS after the classic CSS,
 * its form logo instead of the classic one) from the management API's storage (branding/for-pages.ts).
 */
import { brandingFor } from '../branding/for-pages.ts';
import type { Services } from '../context.ts';
import { managedLoginPage, type ManagedLoginPage } from './managed-login-style.ts';

export interface Branding {
  /** Extra CSS appended to the pages' own (UICustomization's CSS, sanitised when it was set). */
  css?: string;
  /** The classic logo as a data: URL (when the client has no managed login form logo). */
  logoDataUrl?: string;
  /** The client's managed login style, when it has one. */
  managedLogin?: ManagedLoginPage;
}

export type BrandingSource = (services: Services, poolId: string, clientId: string) => Promise<Branding>;

export const defaultBranding: BrandingSource = async (services, poolId, clientId) => {
  const { classic, managedLogin } = await brandingFor(services, poolId, clientId);
  const style = managedLogin ? managedLoginPage({ poolId, ...managedLogin }) : undefined;
  const css = (classic.css ?? '') + (style?.css ?? '');
  const logo = !style?.formLogo && classic.logo ? `data:${classic.logo.contentType};base64,${classic.logo.bytes.toString('base64')}` : undefined;
  return {
    ...(css ? { css } : {}),
    ...(logo ? { logoDataUrl: logo } : {}),
    ...(style ? { managedLogin: style } : {}),
  };
};
