/** ListWebAuthnCredentials and DeleteWebAuthnCredential: the signed-in user's passkeys. */
import { errors } from '../../errors.ts';
import type { UserHandler } from '../context.ts';

const DEFAULT_PAGE = 20;

export const listWebAuthnCredentials: UserHandler<'ListWebAuthnCredentials'> = async (input, ctx) => {
  const limit = input.MaxResults ? input.MaxResults : DEFAULT_PAGE;
  let page;
  try {
    page = await ctx.services.store.webAuthnCredentials.listOf(ctx.caller.user.id, limit, input.NextToken);
  } catch (e) {
    if (e instanceof Error && e.name === 'InvalidCursor') throw errors.invalidParameter('Invalid NextToken.');
    throw e;
  }
  return {
    Credentials: page.items.map((c) => ({
      CredentialId: c.credentialId,
      FriendlyCredentialName: c.friendlyName,
      RelyingPartyId: c.relyingPartyId,
      ...(c.authenticatorAttachment ? { AuthenticatorAttachment: c.authenticatorAttachment } : {}),
      AuthenticatorTransports: c.transports,
      CreatedAt: new Date(c.createdAt),
    })),
    ...(page.next ? { NextToken: page.next } : {}),
  };
};

export const deleteWebAuthnCredential: UserHandler<'DeleteWebAuthnCredential'> = async (input, ctx) => {
  if (!(await ctx.services.store.webAuthnCredentials.delete(ctx.caller.user.id, input.CredentialId))) {
    throw errors.resourceNotFound('Credential not found.');
  }
  return {};
};
