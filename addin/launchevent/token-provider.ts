/**
 * Where the event handlers get a bearer token for our backend. The task pane's NAA provider
 * (addin/auth/) satisfies this; in the event runtime it must acquire silently, since no UI can be
 * shown there (microsoft.md §1.6, "APIs blocked in event handlers").
 */
export interface TokenProvider {
  /** An access token for our API, or null when none can be had without user interaction */
  getToken(): Promise<string | null>;
}
