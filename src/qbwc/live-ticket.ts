// Whether a ticket names a session that is open now, checked as the service checks it (by the
// ticket's hash): the door asks before it reads a large body or spends a caller's pre-login quota.
import { and, eq, gt } from 'drizzle-orm'
import type { Executor } from '../db/client.js'
import { qbwcSessions } from '../db/schema.js'
import { hashTicket } from './qbwc-service.js'

export function createLiveTicketCheck(db: Executor, now: () => Date = () => new Date()) {
  return async (ticket: string): Promise<boolean> => {
    if (!ticket || ticket.length > 512) return false
    const [row] = await db
      .select({ id: qbwcSessions.id })
      .from(qbwcSessions)
      .where(and(eq(qbwcSessions.ticketHash, hashTicket(ticket)), eq(qbwcSessions.status, 'ACTIVE'), gt(qbwcSessions.expiresAt, now())))
      .limit(1)
    return row !== undefined
  }
}
