/** The one progress shape that the API, the task pane and the CLI all render (architecture rule). */
export interface Progress {
  done: number;
  /** null while the total is still being discovered (e.g. walking the department tree). */
  total: number | null;
  /** items per second over the run so far */
  rate: number;
  /** seconds left at the current rate, null when unknown */
  etaSeconds: number | null;
}

export function computeProgress(done: number, total: number | null, startedAtMs: number, nowMs: number): Progress {
  const elapsedSeconds = Math.max((nowMs - startedAtMs) / 1000, 1e-3);
  const rate = done / elapsedSeconds;
  const etaSeconds = total !== null && rate > 0 ? Math.max(total - done, 0) / rate : null;
  return { done, total, rate: round(rate), etaSeconds: etaSeconds === null ? null : round(etaSeconds) };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
