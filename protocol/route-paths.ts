import type { RouteKey } from './routes.ts';

/** Route keys (`METHOD /path`) as requests: no zod here, so the client bundle stays small. */

type PathOf<K extends string> = K extends `${string} ${infer P}` ? P : never;
type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}` ? Name | ParamNames<`/${Rest}`> : P extends `${string}:${infer Name}` ? Name : never;
/** `{ id: number }` for `/api/rooms/:id/info`; `{}` for paths without parameters. */
export type RouteParams<K extends RouteKey> = { [N in ParamNames<PathOf<K>>]: number | string };

export function routeMethod(key: RouteKey): string {
  return key.slice(0, key.indexOf(' '));
}

export function routePath(key: RouteKey): string {
  return key.slice(key.indexOf(' ') + 1);
}

/** The concrete path of a route: `/api/rooms/:id/info` with `{id: 7}` → `/api/rooms/7/info`. */
export function fillPath<K extends RouteKey>(key: K, params: RouteParams<K>): string {
  return routePath(key).replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(String((params as Record<string, unknown>)[name])));
}
