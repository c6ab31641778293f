/** Branding operations (owner: branding concern): classic UI customisation and managed login styles. */
import type { Handlers } from '../context.ts';
import { createManagedLoginBranding } from './create-managed-login-branding.ts';
import { deleteManagedLoginBranding } from './delete-managed-login-branding.ts';
import { describeManagedLoginBrandingByClient } from './describe-managed-login-branding-by-client.ts';
import { describeManagedLoginBranding } from './describe-managed-login-branding.ts';
import { getUICustomization } from './get-ui-customization.ts';
import { setUICustomization } from './set-ui-customization.ts';
import { updateManagedLoginBranding } from './update-managed-login-branding.ts';

export { brandingFor, type PageBranding } from './for-pages.ts';

export const brandingHandlers: Handlers = {
  GetUICustomization: getUICustomization,
  SetUICustomization: setUICustomization,
  CreateManagedLoginBranding: createManagedLoginBranding,
  DescribeManagedLoginBranding: describeManagedLoginBranding,
  DescribeManagedLoginBrandingByClient: describeManagedLoginBrandingByClient,
  UpdateManagedLoginBranding: updateManagedLoginBranding,
  DeleteManagedLoginBranding: deleteManagedLoginBranding,
};
