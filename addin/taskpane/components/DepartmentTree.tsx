import {
  makeStyles,
  Spinner,
  tokens,
  Tree,
  TreeItem,
  TreeItemLayout,
  typographyStyles,
  type TreeOpenChangeData,
  type TreeOpenChangeEvent,
} from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { DepartmentView, PersonSummary } from '../../../shared/directory-api.js';
import { isAbortError } from '../../api/api-error.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useServices } from '../services.js';
import { ErrorNotice } from './ErrorNotice.js';
import { PersonRow } from './PersonRow.js';

/** DingTalk's organisation root department (dingtalk.md §3.1). */
const ROOT_DEPT_ID = 1;
const MEMBERS_PAGE = 50;

const useStyles = makeStyles({
  heading: {
    ...typographyStyles.subtitle2,
    margin: `${tokens.spacingVerticalM} 0 ${tokens.spacingVerticalXS}`,
  },
  count: {
    ...typographyStyles.caption1,
    color: tokens.colorNeutralForeground3,
  },
  muted: { color: tokens.colorNeutralForeground3 },
});

interface DeptNode {
  status: 'loading' | 'ready' | 'error';
  view: DepartmentView | null;
  members: PersonSummary[];
  total: number;
  loadingMore: boolean;
  error: unknown;
}

const deptValue = (deptId: number): string => `dept:${deptId}`;

export interface DepartmentTreeProps {
  onOpen: (person: PersonSummary) => void;
  /** the address book to browse; absent = the viewer's default directory (remount the tree to switch) */
  book?: string | undefined;
}

/**
 * The organisation as a tree. Nothing beyond the root is fetched until a department is expanded;
 * expanding loads its sub-departments and the first page of its direct members.
 */
export function DepartmentTree({ onOpen, book }: DepartmentTreeProps) {
  const styles = useStyles();
  const { t } = useI18n();
  const { api } = useServices();
  const [nodes, setNodes] = useState<ReadonlyMap<number, DeptNode>>(new Map());
  const [openItems, setOpenItems] = useState<ReadonlySet<string>>(new Set());
  const unmounted = useRef(new AbortController());

  useEffect(() => {
    const controller = new AbortController();
    unmounted.current = controller;
    return () => controller.abort();
  }, []);

  const patch = useCallback((deptId: number, change: Partial<DeptNode>) => {
    setNodes((previous) => {
      const next = new Map(previous);
      const current = previous.get(deptId) ?? { status: 'loading', view: null, members: [], total: 0, loadingMore: false, error: null };
      next.set(deptId, { ...current, ...change });
      return next;
    });
  }, []);

  const inBook = useMemo(() => (book === undefined ? {} : { book }), [book]);

  const load = useCallback(
    (deptId: number) => {
      const signal = unmounted.current.signal;
      patch(deptId, { status: 'loading', error: null });
      Promise.all([api.department(deptId, { signal, ...inBook }), api.members(deptId, { offset: 0, limit: MEMBERS_PAGE, signal, ...inBook })]).then(
        ([view, page]) => patch(deptId, { status: 'ready', view, members: page.members, total: page.total }),
        (error: unknown) => {
          if (!isAbortError(error)) patch(deptId, { status: 'error', error });
        },
      );
    },
    [api, patch, inBook],
  );

  const loadMore = useCallback(
    (deptId: number, offset: number) => {
      const signal = unmounted.current.signal;
      patch(deptId, { loadingMore: true });
      api.members(deptId, { offset, limit: MEMBERS_PAGE, signal, ...inBook }).then(
        (page) =>
          setNodes((previous) => {
            const current = previous.get(deptId);
            if (current === undefined) return previous;
            const next = new Map(previous);
            next.set(deptId, { ...current, members: [...current.members, ...page.members], total: page.total, loadingMore: false });
            return next;
          }),
        (error: unknown) => {
          if (!isAbortError(error)) patch(deptId, { loadingMore: false, status: 'error', error });
        },
      );
    },
    [api, patch, inBook],
  );

  useEffect(() => {
    load(ROOT_DEPT_ID);
  }, [load]);

  const onOpenChange = (_event: TreeOpenChangeEvent, data: TreeOpenChangeData): void => {
    setOpenItems(new Set(data.openItems as Iterable<string>));
    const value = String(data.value);
    if (data.open && value.startsWith('dept:')) {
      const deptId = Number(value.slice('dept:'.length));
      if (!nodes.has(deptId)) load(deptId);
    }
  };

  const renderContents = (deptId: number): ReactNode[] => {
    const node = nodes.get(deptId);
    if (node === undefined || node.status === 'loading') {
      return [
        <TreeItem key="loading" itemType="leaf" value={`loading:${deptId}`} aria-busy>
          <TreeItemLayout>
            <Spinner size="extra-tiny" label={t.loading} />
          </TreeItemLayout>
        </TreeItem>,
      ];
    }
    if (node.status === 'error') {
      return [
        <TreeItem key="error" itemType="leaf" value={`error:${deptId}`} onClick={() => load(deptId)}>
          <TreeItemLayout>{t.retry}</TreeItemLayout>
        </TreeItem>,
      ];
    }
    const children = node.view?.children ?? [];
    const items: ReactNode[] = children.map((child) => (
      <TreeItem key={`d${child.deptId}`} itemType="branch" value={deptValue(child.deptId)}>
        <TreeItemLayout>{child.name}</TreeItemLayout>
        <Tree>{openItems.has(deptValue(child.deptId)) ? renderContents(child.deptId) : null}</Tree>
      </TreeItem>
    ));
    for (const member of node.members) {
      items.push(
        <TreeItem key={`p${member.userid}`} itemType="leaf" value={`person:${deptId}:${member.userid}`} onClick={() => onOpen(member)}>
          <TreeItemLayout>
            <PersonRow person={member} />
          </TreeItemLayout>
        </TreeItem>,
      );
    }
    if (node.members.length < node.total) {
      items.push(
        <TreeItem key="more" itemType="leaf" value={`more:${deptId}`} onClick={() => loadMore(deptId, node.members.length)}>
          <TreeItemLayout>{node.loadingMore ? <Spinner size="extra-tiny" label={t.loading} /> : t.showMoreMembers}</TreeItemLayout>
        </TreeItem>,
      );
    }
    if (items.length === 0) {
      items.push(
        <TreeItem key="empty" itemType="leaf" value={`empty:${deptId}`}>
          <TreeItemLayout className={styles.muted}>{t.noMembers}</TreeItemLayout>
        </TreeItem>,
      );
    }
    return items;
  };

  const root = nodes.get(ROOT_DEPT_ID);
  return (
    <section aria-label={t.browseHeading}>
      <h2 className={styles.heading}>
        {root?.view?.name ?? t.browseHeading} {root?.view !== undefined && root.view !== null && <span className={styles.count}>{t.members(root.view.memberCount)}</span>}
      </h2>
      {root?.status === 'error' ? (
        <ErrorNotice error={root.error} onRetry={() => load(ROOT_DEPT_ID)} />
      ) : root === undefined || root.status === 'loading' ? (
        <Spinner size="tiny" label={t.loading} />
      ) : (
        <Tree aria-label={t.departmentsLabel} openItems={openItems} onOpenChange={onOpenChange}>
          {renderContents(ROOT_DEPT_ID)}
        </Tree>
      )}
    </section>
  );
}
