import type { FastifyInstance } from 'fastify';
import type { Hub } from '../hub';
import { installRoutes } from './routes/install';
import { pushRoutes } from './routes/push';
import { subscriptionRoutes } from './routes/subscriptions';

/** Route groups of the push, events and install layers. */
export function registerExtensions(app: FastifyInstance, hub: Hub): void {
  pushRoutes(app, hub);
  subscriptionRoutes(app, hub);
  installRoutes(app, hub);
}
