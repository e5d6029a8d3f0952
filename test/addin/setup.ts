/**
 * DOM for the add-in's component tests. Import this FIRST in every test file under test/addin: it must
 * run before react-dom and Fluent are evaluated.
 */
import globalJsdom from 'global-jsdom';

// why: a real origin (not about:blank) so relative URLs and localStorage work; rAF for Fluent's motion and tabster
globalJsdom(undefined, { url: 'http://localhost/addin/taskpane.html', pretendToBeVisual: true });

// why: the suites share one process, and the launch-event tests tell the JavaScript-only runtime apart by
// the absence of a global `location` (addin/launchevent/backend-origin.ts); the views reach it via `window`
Reflect.deleteProperty(globalThis, 'location');

// global-jsdom keeps Node's own Event and CustomEvent; jsdom's dispatchEvent rejects those, and Fluent's
// focus tracking (keyborg) dispatches `new CustomEvent(...)`. AbortController stays Node's so fetch accepts its signals.
Object.assign(globalThis, { Event: window.Event, CustomEvent: window.CustomEvent });

// jsdom has no ResizeObserver: Fluent's MessageBar and positioning code call it (microsoft/fluentui#30077).
if (typeof globalThis.ResizeObserver === 'undefined') {
  globalThis.ResizeObserver = class ResizeObserver {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}
// why: Fluent's positioning (popovers of Combobox and TagPicker) reads it from the element's window, not globalThis
if (typeof window.ResizeObserver === 'undefined') window.ResizeObserver = globalThis.ResizeObserver;

// jsdom has no matchMedia: Fluent reads prefers-reduced-motion and forced-colors through it.
if (typeof window.matchMedia !== 'function') {
  window.matchMedia = (query: string): MediaQueryList =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

// why: tells React that updates happen inside act() (testing-library wraps them), silencing act() warnings
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
