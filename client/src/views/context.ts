import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ClientServices } from '../stores.ts';

/** The client's services (session, stores, send pipeline, platform), given once by <App> and read
 * by any view that needs them. Views read signals and call methods; they never fetch by themselves. */
export const ServicesContext = createContext<ClientServices | null>(null);

export function useServices(): ClientServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices() outside <ServicesContext>');
  return services;
}
