import { createContext, useContext, type ReactNode } from 'react';
import type { BridgeApi } from '../api/bridge-api.js';
import type { OfficeHost } from '../office/host.js';

/** What every view works with: the host adapter, the backend client and a clock (tests pin it). */
export interface Services {
  host: OfficeHost;
  api: BridgeApi;
  now: () => number;
}

const ServicesContext = createContext<Services | null>(null);

export interface ServicesProviderProps {
  services: Services;
  children: ReactNode;
}

export function ServicesProvider({ services, children }: ServicesProviderProps) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (services === null) throw new Error('useServices() needs a <ServicesProvider> above it');
  return services;
}
