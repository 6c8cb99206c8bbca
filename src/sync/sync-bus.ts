// Sync status changes, announced after their transaction commits, to whoever listens (GraphQL
// subscriptions). A listener failing never fails the change: it is committed. Changes published in
// this process reach its listeners at once and, through a relay (sync-relay.ts), every other
// instance's listeners.
import type { SyncStatusChange } from '../domain/sync-status.js'

type Listener = (changes: SyncStatusChange[]) => void

export class SyncStatusBus {
  private readonly listeners = new Set<Listener>()
  private relay: Listener | undefined

  constructor(private readonly onListenerError: (err: unknown) => void = () => {}) {}

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Changes committed here: to this process's listeners, and on to the other instances. */
  publish = (changes: SyncStatusChange[]): void => {
    this.deliver(changes)
    this.relay?.(changes)
  }

  /** Changes to this process's listeners only (what the relay brings from another instance). */
  deliver(changes: SyncStatusChange[]): void {
    for (const listener of this.listeners) {
      try {
        listener(changes)
      } catch (err) {
        this.onListenerError(err)
      }
    }
  }

  /** Where published changes go besides this process (one relay). */
  relayTo(relay: Listener | undefined): void {
    this.relay = relay
  }
}
