import type { DescribeUserPoolClientRequest, DescribeUserPoolClientResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Handler } from '../context.ts';
import { describeClient } from './client-config.ts';
import { ClientView } from './client-view.ts';
import { requirePoolClient } from './load.ts';

export const describeUserPoolClient: Handler<DescribeUserPoolClientRequest, DescribeUserPoolClientResponse> = async (input, ctx) => {
  const { store, vault } = ctx.services;
  const row = await requirePoolClient(store, input.UserPoolId!, input.ClientId!);
  return { UserPoolClient: describeClient(row, new ClientView(row).secret(vault)) };
};
