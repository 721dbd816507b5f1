import type { FastifyInstance, FastifySchema } from "fastify";

/** One registered route and what its schema says it accepts. */
export interface ListedRoute {
  method: string;
  url: string;
  schema: FastifySchema | undefined;
  /** Route config flags the checks read: a multipart upload reads its own fields from its stream. */
  config: { tokenInStream?: boolean } | undefined;
}

const lists = new WeakMap<FastifyInstance, ListedRoute[]>();

/**
 * Records every route as it is registered, in any plugin, so a test can hold each one to
 * having a schema: a route added without one then fails that test. Call before any route
 * is registered.
 */
export function listRoutes(app: FastifyInstance): void {
  const list: ListedRoute[] = [];
  lists.set(app, list);
  app.addHook("onRoute", (route) => {
    for (const method of [route.method].flat()) {
      list.push({ method, url: route.url, schema: route.schema, config: route.config as ListedRoute["config"] });
    }
  });
}

/** The routes of an app built with `listRoutes`, in the order they were registered. */
export function routesOf(app: FastifyInstance): readonly ListedRoute[] {
  const list = lists.get(app);
  if (!list) throw new Error("This app was built without listRoutes, so its routes were not recorded.");
  return list;
}
