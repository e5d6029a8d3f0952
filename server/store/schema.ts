/**
 * Table types for Kysely. Dialect seams (see dialect.ts): booleans are 0/1 integers and timestamps are
 * epoch-millisecond integers on both SQLite and PostgreSQL; JSON is stored as text and parsed by the
 * repositories. That keeps one set of queries for both databases.
 */
export interface DepartmentTable {
  dept_id: number;
  parent_id: number | null;
  name: string;
  sort_order: number;
  /** the full DingTalk department detail as JSON (visibility settings live here) */
  detail: string;
  updated_at: number;
}

export interface PersonTable {
  userid: string;
  unionid: string;
  name: string;
  english_name: string | null;
  title: string | null;
  email: string | null;
  org_email: string | null;
  mobile: string | null;
  telephone: string | null;
  job_number: string | null;
  avatar: string | null;
  active: number;
  /** the full DingTalk user as JSON */
  detail: string;
  updated_at: number;
}

export interface PersonDepartmentTable {
  userid: string;
  dept_id: number;
}

export interface ProcessedEventTable {
  event_id: string;
  event_type: string;
  received_at: number;
}

export interface FrequentContactTable {
  viewer: string;
  contact_userid: string;
  uses: number;
  last_used_at: number;
}

export interface StateTable {
  key: string;
  value: string;
  updated_at: number;
}

export interface SyncRunTable {
  id: string;
  kind: string;
  started_at: number;
  finished_at: number | null;
  status: string;
  detail: string;
}

export interface Database {
  department: DepartmentTable;
  person: PersonTable;
  person_department: PersonDepartmentTable;
  processed_event: ProcessedEventTable;
  frequent_contact: FrequentContactTable;
  app_state: StateTable;
  sync_run: SyncRunTable;
}
