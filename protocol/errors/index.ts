import { z } from 'zod';
import { adminErrors } from './admin.ts';
import { authErrors } from './auth.ts';
import { commonErrors } from './common.ts';
import type { ErrorSpec } from './define.ts';
import { filesErrors } from './files.ts';
import { messagesErrors } from './messages.ts';
import { metricsErrors } from './metrics.ts';
import { pinsErrors } from './pins.ts';
import { pollsErrors } from './polls.ts';
import { roomKeysErrors } from './room-keys.ts';
import { roomsErrors } from './rooms.ts';
import { searchErrors } from './search.ts';

/** Every error the server can give. Codes are stable: rename never, add freely. */
export const errorCatalog = {
  ...commonErrors,
  ...authErrors,
  ...adminErrors,
  ...roomsErrors,
  ...roomKeysErrors,
  ...messagesErrors,
  ...filesErrors,
  ...pinsErrors,
  ...pollsErrors,
  ...searchErrors,
  ...metricsErrors,
} as const;

export type ErrorCode = keyof typeof errorCatalog;
export const errorCodes = Object.keys(errorCatalog) as [ErrorCode, ...ErrorCode[]];
export const errorCodeSchema = z.enum(errorCodes);

export type { ErrorSpec };
export function errorSpec(code: ErrorCode): ErrorSpec {
  return (errorCatalog as Record<ErrorCode, ErrorSpec>)[code];
}
