import type { HttpBindings } from '@hono/node-server';
import type { Auth } from '../auth/access.ts';

/** What the app's middleware puts on every request; routes get everything else from the
 * dependencies their feature was built with. */
export interface AppEnv {
  Bindings: HttpBindings;
  Variables: {
    auth: Auth | null;
    /** Whether any access credential came with the request (tells "expired" from "never logged in"). */
    credentialsPresented: boolean;
    /** The caller's address (X-Forwarded-For's first entry only behind a trusted proxy). */
    clientIp: string;
  };
}
