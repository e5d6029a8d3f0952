import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { MyPermissions } from '../../shared/admin-api.js';
import { useServices } from './services.js';

const PermissionsContext = createContext<MyPermissions | null>(null);

export interface PermissionsProviderProps {
  children: ReactNode;
}

/**
 * Asks once what the signed-in viewer may administer (`GET /api/me/permissions`) and provides it.
 * Until the answer arrives, and when it fails (an older server answers 404, the viewer is offline),
 * the pane shows no admin features: hiding them is safe because the server enforces every role anyway.
 */
export function PermissionsProvider({ children }: PermissionsProviderProps) {
  const { api } = useServices();
  const [permissions, setPermissions] = useState<MyPermissions | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    api.myPermissions({ signal: controller.signal }).then(
      (answer) => setPermissions(answer),
      () => setPermissions(null),
    );
    return () => controller.abort();
  }, [api]);
  return <PermissionsContext.Provider value={permissions}>{children}</PermissionsContext.Provider>;
}

/** The viewer's permissions, or null while unknown (or outside a `PermissionsProvider`). */
export function usePermissions(): MyPermissions | null {
  return useContext(PermissionsContext);
}

/** Whether the Admin tab has anything for this viewer. */
export function canOpenAdmin(permissions: MyPermissions | null): boolean {
  return permissions !== null && (permissions.canAdminister || permissions.canEditPeople || permissions.canReadAudit || permissions.canManageRoles);
}
