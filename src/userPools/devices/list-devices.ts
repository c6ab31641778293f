import type { UserHandler } from '../context.ts';
import { listDevices as list } from './operations.ts';

/** ListDevices: the signed-in user's confirmed devices, a page at a time (Limit, PaginationToken). */
export const listDevices: UserHandler<'ListDevices'> = async (input, ctx) =>
  list(ctx.services, ctx.caller.user, input.Limit, input.PaginationToken);
