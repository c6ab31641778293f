/** Resource server operations (owner: resource-servers concern). */
import type { Handlers } from '../context.ts';
import { createResourceServer } from './create-resource-server.ts';
import { deleteResourceServer } from './delete-resource-server.ts';
import { describeResourceServerHandler } from './describe-resource-server.ts';
import { listResourceServers } from './list-resource-servers.ts';
import { updateResourceServer } from './update-resource-server.ts';

export const resourceServerHandlers: Handlers = {
  CreateResourceServer: createResourceServer,
  DescribeResourceServer: describeResourceServerHandler,
  UpdateResourceServer: updateResourceServer,
  DeleteResourceServer: deleteResourceServer,
  ListResourceServers: listResourceServers,
};
