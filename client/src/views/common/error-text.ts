import { t } from '../../i18n/index.ts';
import { ApiError } from '../../net/api.ts';

/** What to tell the user about a failed call: the server's own localised text, or a network
 * hint (the network error has no server text), or a generic line. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.isNetwork ? t('error.network') : err.message || t('error.generic');
  return t('error.generic');
}
