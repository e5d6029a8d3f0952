import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import type { AdminDepartment } from '../../../api/admin-api.js';
import { useServices } from '../../services.js';
import { useAdminList } from './use-admin-list.js';

export interface Departments {
  status: 'loading' | 'ready' | 'error';
  list: AdminDepartment[];
  error: unknown;
  reload: () => void;
  /** the department's name, or `#id` for one the admin may not manage (or that is gone) */
  nameOf: (deptId: number) => string;
  /** the name with its parent's, to tell apart departments of the same name ("一组 · 销售部") */
  labelOf: (deptId: number) => string;
}

const DepartmentsContext = createContext<Departments | null>(null);

/** Loads the departments the admin may manage once for all pickers of the Admin view. */
export function DepartmentsProvider({ children }: { children: ReactNode }) {
  const { api } = useServices();
  const load = useCallback((signal: AbortSignal) => api.admin.departments({ signal }), [api]);
  const { status, items, error, reload } = useAdminList(load);
  const value = useMemo<Departments>(() => {
    const byId = new Map(items.map((d) => [d.deptId, d]));
    const nameOf = (deptId: number): string => byId.get(deptId)?.name ?? `#${deptId}`;
    const labelOf = (deptId: number): string => {
      const dept = byId.get(deptId);
      const parent = dept?.parentId == null ? undefined : byId.get(dept.parentId);
      return parent === undefined ? nameOf(deptId) : `${nameOf(deptId)} · ${parent.name}`;
    };
    return { status, list: items, error, reload, nameOf, labelOf };
  }, [status, items, error, reload]);
  return <DepartmentsContext.Provider value={value}>{children}</DepartmentsContext.Provider>;
}

export function useDepartments(): Departments {
  const value = useContext(DepartmentsContext);
  if (value === null) throw new Error('useDepartments() needs a <DepartmentsProvider> above it');
  return value;
}
