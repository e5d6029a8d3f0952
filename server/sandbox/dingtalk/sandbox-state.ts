import type { DingTalkDepartmentDetail, DingTalkUserDetail } from '../../connectors/dingtalk/types.js';
import { createEventBus, type EventBus } from './event-bus.js';
import type { SandboxContactEvent, SandboxEventFeed } from './event-feed.js';
import { applyKnobs, DEFAULT_KNOBS, type SandboxKnobs, type SandboxKnobsPatch } from './knobs.js';
import * as changes from './org-changes.js';
import type { OrgDocument } from './org-document.js';
import { OrgStore } from './org-store.js';
import { createPrng } from './prng.js';
import { createTokenRegistry, type TokenRegistry } from './token-registry.js';
import { createTrafficControl, type TrafficControl } from './traffic-control.js';

/** An event the HTTP pusher gave up on after its retries (§4.4), as the failed-results APIs report it. */
export interface FailedEvent {
  event: SandboxContactEvent;
  /** The flat JSON that was pushed (new-format plaintext), returned as callBackData. */
  plaintext: string;
  /** ms since epoch when the event was parked. */
  failedAt: number;
}

export interface SandboxStateOptions {
  corpId: string;
  /** Must satisfy the OrgDocument invariants (parseOrgDocument); it is copied. */
  org: OrgDocument;
  clock?: () => number;
  knobs?: SandboxKnobsPatch;
  /** Seed for generated ids, injected failures and event duplication/reordering. Default 1. */
  randomSeed?: number;
  onListenerError?: (error: unknown, event: SandboxContactEvent) => void;
}

export interface OrgSummary {
  corpId: string;
  departments: number;
  users: number;
  activeUsers: number;
  leaveRecords: number;
  failedEvents: number;
  eventsEmitted: number;
}

/**
 * Everything mutable about one sandbox: the organisation, the event feed, tokens, knobs, request counters,
 * leave records and parked (failed) pushes. No globals: two sandboxes in one process are independent.
 *
 * Every change method validates first (throwing SandboxChangeError with the org untouched), then changes the
 * org, then emits the matching contact event (§4.5) through `feed`, and returns a copy of the result.
 */
export class SandboxState {
  readonly corpId: string;
  readonly org: OrgStore;
  readonly tokens: TokenRegistry;
  readonly traffic: TrafficControl;
  readonly clock: () => number;
  readonly #bus: EventBus;
  readonly #ctx: changes.ChangeContext;
  readonly #leaveRecords: changes.EmpLeaveRecord[] = [];
  #failed: FailedEvent[] = [];
  #knobs: SandboxKnobs;

  constructor(options: SandboxStateOptions) {
    const seed = options.randomSeed ?? 1;
    this.corpId = options.corpId;
    this.clock = options.clock ?? Date.now;
    this.#knobs = applyKnobs(DEFAULT_KNOBS, options.knobs ?? {});
    this.org = new OrgStore(options.org);
    this.#ctx = { store: this.org, clock: this.clock, random: createPrng(seed) };
    const knobs = (): Readonly<SandboxKnobs> => this.#knobs;
    this.tokens = createTokenRegistry({ clock: this.clock, ttlSeconds: () => this.#knobs.tokenTtlSeconds });
    this.traffic = createTrafficControl({
      clock: this.clock,
      random: createPrng(seed + 1),
      knobs,
      consumeFailNext: () => {
        this.#knobs = { ...this.#knobs, failNext: Math.max(0, this.#knobs.failNext - 1) };
      },
    });
    this.#bus = createEventBus({
      corpId: this.corpId,
      clock: this.clock,
      random: createPrng(seed + 2),
      knobs,
      ...(options.onListenerError ? { onListenerError: options.onListenerError } : {}),
    });
  }

  /** Where transports (HTTP pusher, Stream gateway) subscribe. */
  get feed(): SandboxEventFeed {
    return this.#bus.feed;
  }

  get knobs(): Readonly<SandboxKnobs> {
    return { ...this.#knobs };
  }

  /** Applies a partial knobs object (validated; throws invalid_input) and returns the full new knobs. */
  setKnobs(patch: SandboxKnobsPatch): SandboxKnobs {
    this.#knobs = applyKnobs(this.#knobs, patch);
    return { ...this.#knobs };
  }

  /** Requests per api path (route path, e.g. `/topapi/v2/user/list`), including refused and failed ones. */
  requestCounts(): Record<string, number> {
    return this.traffic.counts();
  }

  resetRequestCounts(): void {
    this.traffic.resetCounts();
  }

  /** Test hook (§12): every issued token expires now; returns how many were valid. */
  expireTokens(): number {
    return this.tokens.expireAll();
  }

  hire(user: changes.HireInput): DingTalkUserDetail {
    const hired = changes.hireUser(this.#ctx, user);
    this.#bus.emit('user_add_org', { userId: [hired.userid] });
    return structuredClone(hired);
  }

  /** Removes the user, records an empLeaveRecord and emits user_leave_org. */
  leave(userid: string, reason?: changes.LeaveReason): changes.EmpLeaveRecord {
    const record = changes.leaveUser(this.#ctx, userid, reason);
    this.#leaveRecords.push(record);
    this.#bus.emit('user_leave_org', { userId: [userid] });
    return { ...record };
  }

  modifyUser(userid: string, patch: changes.UserPatch): DingTalkUserDetail {
    const user = changes.modifyUser(this.#ctx, userid, patch);
    this.#bus.emit('user_modify_org', { userId: [userid] });
    return structuredClone(user);
  }

  /** Replaces the user's departments (DingTalk reports this as user_modify_org). */
  moveUser(userid: string, deptIds: number[]): DingTalkUserDetail {
    const user = changes.moveUser(this.#ctx, userid, deptIds);
    this.#bus.emit('user_modify_org', { userId: [userid] });
    return structuredClone(user);
  }

  activateUser(userid: string): DingTalkUserDetail {
    const user = changes.activateUser(this.#ctx, userid);
    this.#bus.emit('user_active_org', { userId: [userid] });
    return structuredClone(user);
  }

  createDepartment(dept: changes.DepartmentInput): DingTalkDepartmentDetail {
    const created = changes.createDepartment(this.#ctx, dept);
    this.#bus.emit('org_dept_create', { deptId: [created.dept_id] });
    return structuredClone(created);
  }

  renameDepartment(deptId: number, name: string): DingTalkDepartmentDetail {
    return this.updateDepartment(deptId, { name });
  }

  updateDepartment(deptId: number, patch: changes.DepartmentPatch): DingTalkDepartmentDetail {
    const dept = changes.updateDepartment(this.#ctx, deptId, patch);
    this.#bus.emit('org_dept_modify', { deptId: [deptId] });
    return structuredClone(dept);
  }

  /** Refused (conflict) while the department has members or sub-departments. */
  removeDepartment(deptId: number): DingTalkDepartmentDetail {
    const removed = changes.removeDepartment(this.#ctx, deptId);
    this.#bus.emit('org_dept_remove', { deptId: [deptId] });
    return removed;
  }

  leaveRecords(): changes.EmpLeaveRecord[] {
    return this.#leaveRecords.map((record) => ({ ...record }));
  }

  /** Events emitted so far, once each, in order; `since` skips the first n (see `eventsEmitted`). */
  events(since?: number): SandboxContactEvent[] {
    return this.#bus.history(since);
  }

  get eventsEmitted(): number {
    return this.#bus.emittedCount;
  }

  /** Parks an event whose HTTP push failed after the retries (called by the pusher). */
  parkFailedEvent(failed: FailedEvent): void {
    this.#failed.push(structuredClone(failed));
  }

  /** Parked events, oldest first, without removing them. */
  failedEvents(): FailedEvent[] {
    return structuredClone(this.#failed);
  }

  /** Removes and returns up to `limit` oldest parked events (the legacy API hands each out once). */
  takeFailedEvents(limit: number): { taken: FailedEvent[]; remaining: number } {
    const taken = this.#failed.slice(0, limit);
    this.#failed = this.#failed.slice(limit);
    return { taken, remaining: this.#failed.length };
  }

  summary(): OrgSummary {
    let activeUsers = 0;
    for (const user of this.org.users()) if (user.active === true) activeUsers += 1;
    return {
      corpId: this.corpId,
      departments: this.org.departmentCount,
      users: this.org.userCount,
      activeUsers,
      leaveRecords: this.#leaveRecords.length,
      failedEvents: this.#failed.length,
      eventsEmitted: this.#bus.emittedCount,
    };
  }

  /** Delivers an event held back by reorderEvents and stops its timer. */
  close(): void {
    this.#bus.close();
  }
}
