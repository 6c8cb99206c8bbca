// One WebSocket's subscriptions: how many it holds, its API key checked again while any is open,
// and each subscription's stream of events.
import type { WebSocket } from 'ws'
import type { AuthContext } from '../auth/api-keys.js'
import { AppError } from '../errors.js'

/**
 * The events of one subscription (already only its tenant's: see syncStatusTopic), narrowed by
 * `keep`; `onEnd` runs once, however it ends (completed, stopped by the client, socket closed).
 * Written by hand rather than as an async generator, whose return() waits for the next event.
 */
export function subscriptionStream<T>(source: AsyncIterator<T>, keep: (value: T) => boolean, onEnd: () => void): AsyncIterableIterator<T> {
  let ended = false
  const end = () => {
    if (!ended) {
      ended = true
      onEnd()
    }
  }
  const stream: AsyncIterableIterator<T> = {
    async next() {
      for (;;) {
        const result = await source.next()
        if (result.done) end()
        if (result.done || keep(result.value)) return result
      }
    },
    async return(value?: unknown) {
      end()
      await source.return?.()
      return { done: true, value: value as T }
    },
    async throw(err?: unknown) {
      end()
      if (source.throw) return source.throw(err)
      throw err
    },
    [Symbol.asyncIterator]: () => stream,
  }
  return stream
}

/**
 * One WebSocket's subscriptions: at most `max` at once, and while any is open every API key its
 * subscriptions use (connection_init's, or one a subscription names itself in a `connectionInit`
 * extension) is checked again every `checkMs`; a key no longer valid (revoked, expired) closes
 * the socket.
 */
/** What a subscription's resolver gets: the socket's authentication and state, and the topics. */
export interface SubscriptionContext {
  auth?: AuthContext
  /** The Authorization value the subscription authenticated with (connection_init's, or its own connectionInit extension's). */
  authorization?: string
  socketState?: SocketState
  pubsub: { subscribe: (topic: string) => Promise<unknown> }
}

export interface SocketState {
  /** Counts a new subscription made with `authorization` (or refuses it over the cap); the function returned ends it. */
  open(authorization: string | undefined): () => void
}

function socketState(
  socket: WebSocket,
  options: {
    max: number
    checkMs: number
    stillValid: (authorization: string | undefined) => Promise<boolean>
    onCheckFailed: (err: unknown) => void
  },
): SocketState {
  let active = 0
  /** The Authorization values of the open subscriptions, with how many use each. */
  const keys = new Map<string | undefined, number>()
  let timer: NodeJS.Timeout | undefined
  const stop = () => {
    if (timer) clearInterval(timer)
    timer = undefined
  }
  socket.once('close', stop)
  return {
    open(authorization) {
      if (active >= options.max) {
        throw new AppError(
          'TOO_MANY_SUBSCRIPTIONS',
          `This socket already has ${active} subscriptions (limit ${options.max}): stop one, or open another socket.`,
          400,
        )
      }
      active++
      keys.set(authorization, (keys.get(authorization) ?? 0) + 1)
      if (!timer) {
        timer = setInterval(() => {
          for (const key of keys.keys()) {
            options.stillValid(key).then((valid) => {
              if (!valid && timer) {
                stop()
                socket.close(4401, 'Unauthorized: the API key is no longer valid')
              }
            }, options.onCheckFailed)
          }
        }, options.checkMs)
        timer.unref()
      }
      let released = false
      return () => {
        if (released) return
        released = true
        const left = (keys.get(authorization) ?? 1) - 1
        if (left > 0) keys.set(authorization, left)
        else keys.delete(authorization)
        if (--active === 0) stop()
      }
    },
  }
}

const socketStates = new WeakMap<WebSocket, SocketState>()
/** The state of a socket, made at its first subscription. */
export function stateOf(socket: WebSocket, options: () => Parameters<typeof socketState>[1]): SocketState {
  let state = socketStates.get(socket)
  if (!state) socketStates.set(socket, (state = socketState(socket, options())))
  return state
}
