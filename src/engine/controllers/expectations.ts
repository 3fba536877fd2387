import type { Clock } from '../sim/clock';

/** Expectations older than this are considered satisfied (k/k: ExpectationsTimeout, 5 min). */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60_000;

interface Expectation {
  add: number;
  /** Keys (`ns/name`) of pods whose deletion is expected. */
  deletes: Set<string>;
  at: number;
}

/**
 * k/k: ControllerExpectations + UIDTrackingControllerExpectations
 * (pkg/controller/controller_utils.go). Before a controller creates N pods it expects N
 * creations; the pod informer lowers the count as it sees them. Until the count reaches zero the
 * controller does not create or delete again, so pods in flight are never created twice.
 */
export class ControllerExpectations {
  private map = new Map<string, Expectation>();

  constructor(private readonly clock: Clock) {}

  /** True when no creations or deletions are pending, or they have expired. */
  satisfied(key: string): boolean {
    const e = this.map.get(key);
    if (!e) return true;
    if (e.add <= 0 && e.deletes.size === 0) return true;
    return this.clock.now - e.at > EXPECTATIONS_TIMEOUT_MS;
  }

  expectCreations(key: string, n: number): void {
    this.map.set(key, { add: n, deletes: new Set(), at: this.clock.now });
  }

  expectDeletions(key: string, podKeys: string[]): void {
    this.map.set(key, { add: 0, deletes: new Set(podKeys), at: this.clock.now });
  }

  /** k/k SetExpectations: creations and deletions at once (the DaemonSet controller's syncNodes). */
  expect(key: string, n: number, podKeys: string[]): void {
    this.map.set(key, { add: n, deletes: new Set(podKeys), at: this.clock.now });
  }

  creationObserved(key: string): void {
    const e = this.map.get(key);
    if (e) e.add--;
  }

  deletionObserved(key: string, podKey: string): void {
    this.map.get(key)?.deletes.delete(podKey);
  }

  delete(key: string): void {
    this.map.delete(key);
  }

  /** Forget everything (the process restarted). */
  clear(): void {
    this.map.clear();
  }
}
