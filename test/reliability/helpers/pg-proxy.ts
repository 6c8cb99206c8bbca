// A TCP proxy between the service and PostgreSQL, so a test can take the database away from the
// service alone (the machine's PostgreSQL keeps serving everyone else) and give it back.
import net from 'node:net'

export interface PgProxy {
  port: number
  /** Drops every connection and refuses new ones until restore(). */
  cut(): void
  restore(): void
  /** Connections dropped so far. */
  dropped: number
  close(): Promise<void>
}

export async function startPgProxy(target: { host: string; port: number }): Promise<PgProxy> {
  const sockets = new Set<net.Socket>()
  let down = false
  const proxy: PgProxy = {
    port: 0,
    dropped: 0,
    cut() {
      down = true
      for (const s of sockets) {
        s.destroy()
        proxy.dropped++
      }
      sockets.clear()
    },
    restore() {
      down = false
    },
    close: () =>
      new Promise((resolve) => {
        proxy.cut()
        server.close(() => resolve())
      }),
  }
  const server = net.createServer((client) => {
    if (down) {
      client.destroy()
      return
    }
    const upstream = net.connect(target.port, target.host)
    sockets.add(client)
    sockets.add(upstream)
    const end = () => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    client.on('error', end).on('close', end)
    upstream.on('error', end).on('close', end)
    client.pipe(upstream)
    upstream.pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  proxy.port = (server.address() as net.AddressInfo).port
  return proxy
}
