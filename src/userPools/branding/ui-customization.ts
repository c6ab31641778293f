/**
 * Get/SetUICustomization: the classic hosted UI's CSS and logo, for the pool (`ALL`, the default
 * of every client without its own) or for one app client.
 */
import type { UICustomizationType } from '@aws-sdk/client-cognito-identity-provider';
import { requirePoolClient } from '../clients/load.ts';
import { requirePoolRow } from '../pools/load.ts';
import type { Repos } from '../../storage/store.ts';
import { logoUrl } from './logo.ts';
import { ALL_CLIENTS, type UiCustomizationRow } from './store.ts';

/** The pool, and the client when one is named (ALL names the pool's default). */
export async function target(repos: Repos, poolId: string, clientId: string | undefined): Promise<string> {
  await requirePoolRow(repos, poolId);
  if (clientId === undefined || clientId === ALL_CLIENTS) return ALL_CLIENTS;
  await requirePoolClient(repos, poolId, clientId);
  return clientId;
}

export function describeCustomization(poolId: string, clientId: string, row: UiCustomizationRow | undefined): UICustomizationType {
  if (!row) return { UserPoolId: poolId, ClientId: clientId };
  return {
    UserPoolId: poolId,
    ClientId: row.clientId,
    ...(row.imageFile ? { ImageUrl: logoUrl(row.imageFile) } : {}),
    ...(row.css !== null ? { CSS: row.css, CSSVersion: String(row.updatedAt) } : {}),
    LastModifiedDate: new Date(row.updatedAt),
    CreationDate: new Date(row.createdAt),
  };
}
