import { Type, type Static } from 'typebox';

/**
 * The directory API contract, shared by the server (route schemas, OpenAPI) and the task pane
 * (types only, erased from the bundle). Response schemas double as a guard: Fastify's serializer
 * drops every field not listed here, so nothing undeclared can leave the server.
 */
export const DepartmentRef = Type.Object({ deptId: Type.Integer(), name: Type.String() });

export const MatchTier = Type.Union([Type.Literal('exact'), Type.Literal('prefix'), Type.Literal('initials'), Type.Literal('fuzzy')]);

export const PersonSummary = Type.Object({
  userid: Type.String(),
  name: Type.String(),
  englishName: Type.Optional(Type.String()),
  title: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
  avatar: Type.Optional(Type.String()),
  departments: Type.Array(DepartmentRef),
  /** an external contact of an address book (userid `ext:<book>:<n>`), not a DingTalk person */
  external: Type.Optional(Type.Boolean()),
  company: Type.Optional(Type.String()),
});

export const SearchResult = Type.Intersect([
  PersonSummary,
  Type.Object({ tier: MatchTier, score: Type.Number(), frequent: Type.Boolean() }),
]);

export const SearchResponse = Type.Object({
  query: Type.String(),
  results: Type.Array(SearchResult),
});

export const PersonDetail = Type.Intersect([
  PersonSummary,
  Type.Object({
    unionid: Type.String(),
    orgEmail: Type.Optional(Type.String()),
    mobile: Type.Optional(Type.String()),
    telephone: Type.Optional(Type.String()),
    jobNumber: Type.Optional(Type.String()),
    workPlace: Type.Optional(Type.String()),
    active: Type.Boolean(),
    leader: Type.Boolean(),
    /** each department as its path from the root, e.g. [总公司, 销售部, 华东区] */
    departmentPaths: Type.Array(Type.Array(DepartmentRef)),
    managerUserid: Type.Optional(Type.String()),
    /** HR's tags (e.g. VIP) and note; absent when HR set none */
    tags: Type.Optional(Type.Array(Type.String())),
    note: Type.Optional(Type.String()),
  }),
]);

export const DepartmentView = Type.Object({
  deptId: Type.Integer(),
  name: Type.String(),
  parentId: Type.Union([Type.Integer(), Type.Null()]),
  path: Type.Array(DepartmentRef),
  children: Type.Array(Type.Object({ deptId: Type.Integer(), name: Type.String(), hasChildren: Type.Boolean() })),
  memberCount: Type.Integer(),
});

export const MembersResponse = Type.Object({
  deptId: Type.Integer(),
  total: Type.Integer(),
  offset: Type.Integer(),
  members: Type.Array(PersonSummary),
});

export const DirectoryChangeKind = Type.Union([
  Type.Literal('person.upserted'),
  Type.Literal('person.removed'),
  Type.Literal('department.upserted'),
  Type.Literal('department.removed'),
  Type.Literal('directory.resynced'),
]);

/** One event of the directory change stream (server-sent events, `event:` = kind, `id:` = seq). */
export const DirectoryChange = Type.Object({
  seq: Type.Integer(),
  kind: DirectoryChangeKind,
  at: Type.Integer(),
  userid: Type.Optional(Type.String()),
  deptId: Type.Optional(Type.Integer()),
  person: Type.Optional(PersonSummary),
});

export type DepartmentRef = Static<typeof DepartmentRef>;
export type MatchTier = Static<typeof MatchTier>;
export type PersonSummary = Static<typeof PersonSummary>;
export type SearchResult = Static<typeof SearchResult>;
export type SearchResponse = Static<typeof SearchResponse>;
export type PersonDetail = Static<typeof PersonDetail>;
export type DepartmentView = Static<typeof DepartmentView>;
export type MembersResponse = Static<typeof MembersResponse>;
export type DirectoryChangeKind = Static<typeof DirectoryChangeKind>;
export type DirectoryChange = Static<typeof DirectoryChange>;
