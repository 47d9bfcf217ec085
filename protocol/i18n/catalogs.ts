import { errorCatalog } from '../errors/index.ts';
import type { Locale } from '../locale.ts';
import type { I18nDomain } from '../rest/system.ts';
import { type Catalog, clientCatalog, serverGuiCatalog } from './client.ts';

export { clientCatalog, serverGuiCatalog };

/** The server domain is the error catalog, keyed by error code. */
function serverCatalog(locale: Locale): Catalog {
  return Object.fromEntries(Object.entries(errorCatalog).map(([code, spec]) => [code, spec[locale]]));
}

export function i18nCatalog(domain: I18nDomain, locale: Locale): Catalog {
  switch (domain) {
    case 'server':
      return serverCatalog(locale);
    case 'client':
    case 'web':
      return clientCatalog[locale];
    case 'server_gui':
      return serverGuiCatalog[locale];
  }
}
