// The time and the new ids of every service, injected through buildApp's deps so a test can fix
// them. Timestamps the database writes itself (now() defaults) stay the database's.
import { randomUUID } from 'node:crypto'

export interface Clock {
  now: () => Date
  /** A new UUID (ids live in uuid columns; QuickBooks GUIDs are made from them). */
  newId: () => string
}

export const systemClock: Clock = { now: () => new Date(), newId: randomUUID }
