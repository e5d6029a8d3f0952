import type { SandboxState } from './sandbox-state.js';

/**
 * The two failed-push APIs of §4.4 over the sandbox's parked events.
 * - legacy `GET /call_back/get_call_back_failed_result`: hands out up to 200 oldest events and forgets them
 *   (it has no cursor, so `has_more` only makes sense if fetched events are consumed);
 * - v1.0 `GET /v1.0/event/callbacks/failedResults?beginTime&endTime`: a read-only window query on the time
 *   the event was parked (ms); up to 200 oldest, `hasMore` when the window holds more (move beginTime on).
 */
export const FAILED_PAGE_SIZE = 200;

/** Legacy items carry the payload under a key named after the tag: `{call_back_tag, event_time, user_add_org: {corpid, userid}}`. */
export function takeLegacyFailedList(state: SandboxState): { has_more: boolean; failed_list: object[] } {
  const { taken, remaining } = state.takeFailedEvents(FAILED_PAGE_SIZE);
  const failedList = taken.map(({ event, failedAt }) => ({
    call_back_tag: event.eventType,
    event_time: failedAt,
    [event.eventType]: {
      corpid: event.corpId,
      ...(event.data.userId !== undefined ? { userid: event.data.userId } : { deptid: event.data.deptId ?? [] }),
    },
  }));
  return { has_more: remaining > 0, failed_list: failedList };
}

/** v1.0 items: `{callBackTag, callBackData (the pushed JSON as a string), corpId, eventTime}`. */
export function v1FailedResults(
  state: SandboxState,
  beginTime: number,
  endTime: number,
): { hasMore: boolean; failedList: object[] } {
  const inWindow = state.failedEvents().filter((f) => f.failedAt >= beginTime && f.failedAt <= endTime);
  return {
    hasMore: inWindow.length > FAILED_PAGE_SIZE,
    failedList: inWindow.slice(0, FAILED_PAGE_SIZE).map(({ event, plaintext, failedAt }) => ({
      callBackTag: event.eventType,
      callBackData: plaintext,
      corpId: event.corpId,
      eventTime: failedAt,
    })),
  };
}
