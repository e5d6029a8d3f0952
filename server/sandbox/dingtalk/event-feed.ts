import type { ContactEventType } from '../../connectors/dingtalk/contact-event.js';

/**
 * A contact event as the DingTalk sandbox produces it, before a transport (HTTP push or Stream) wraps it.
 * Shapes follow shared/reference/dingtalk.md §4.5: the Stream transport sends
 * `{eventType, eventId, eventCorpId, eventBornTime}` as frame headers and `data` as the JSON body;
 * the HTTP pusher flattens it to `{EventType, EventTime, CorpId, eventId, ...data}`.
 */
export interface SandboxContactEvent {
  eventId: string;
  eventType: ContactEventType;
  corpId: string;
  /** ms since epoch */
  bornTime: number;
  data: { timeStamp: string; userId?: string[]; deptId?: number[] };
}

export type SandboxEventListener = (event: SandboxContactEvent) => void;

/** Where transports subscribe to the sandbox's contact events. */
export interface SandboxEventFeed {
  subscribe(listener: SandboxEventListener): () => void;
}
