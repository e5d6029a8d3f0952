import type { DirectoryChange } from '../../shared/directory-api.js';
import { redactSummary, type DirectoryAccess } from './access.js';
import type { ScopedChange } from './change-feed.js';

/**
 * A change as one listener may receive it, or null when it concerns nobody they may see:
 * - a person they may see after the change: the upsert, without the fields hidden from them;
 * - a person they could see before but not after (moved into a hidden department, say): a removal,
 *   so their pane drops the card;
 * - a department: only when they may see it (a removed one: when it was not hidden and its parent is
 *   visible to them, since the department itself is no longer in the tree to ask about).
 */
export function changeFor({ change, scope }: ScopedChange, access: DirectoryAccess): DirectoryChange | null {
  switch (scope.kind) {
    case 'everyone':
      return change;
    case 'department':
      if (change.kind === 'department.removed') return !scope.hidden && (scope.parentId === null || access.canSeeDept(scope.parentId)) ? change : null;
      return access.canSeeDept(scope.deptId) ? change : null;
    case 'person': {
      const visibleAfter = scope.after !== null && access.canSeePerson(scope.after);
      if (visibleAfter && change.person !== undefined && scope.after !== null) {
        return { ...change, person: redactSummary(change.person, access.hiddenFields(scope.after, { mobileHidden: false }), (id) => access.canSeeDept(id)) };
      }
      if (scope.before !== null && access.canSeePerson(scope.before)) {
        return { seq: change.seq, kind: 'person.removed', userid: scope.before.userid, at: change.at };
      }
      return null;
    }
  }
}
