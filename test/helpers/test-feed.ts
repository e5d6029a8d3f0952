import type { SandboxContactEvent, SandboxEventFeed, SandboxEventListener } from '../../server/sandbox/dingtalk/event-feed.js';

/** A SandboxEventFeed a test drives by hand: `emit` delivers to every subscriber synchronously. */
export class TestFeed implements SandboxEventFeed {
  readonly listeners = new Set<SandboxEventListener>();

  subscribe(listener: SandboxEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: SandboxContactEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
