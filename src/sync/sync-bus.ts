// Sync status changes, announced after their transaction commits, to whoever listens in this
// process (GraphQL subscriptions). A listener failing never fails the change: it is committed.
import type { SyncStatusChange } from '../domain/sync-status.js'

type Listener = (changes: SyncStatusChange[]) => void

export class SyncStatusBus {
  private readonly listeners = new Set<Listener>()

  constructor(private readonly onListenerError: (err: unknown) => void = () => {}) {}

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  publish = (changes: SyncStatusChange[]): void => {
    for (const listener of this.listeners) {
      try {
        listener(changes)
      } catch (err) {
        this.onListenerError(err)
      }
    }
  }
}
