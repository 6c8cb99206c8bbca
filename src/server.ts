// Starts the service: parse config, build the app, listen, and close gracefully on signals.
import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { ConfigError, loadConfig } from './config.js'
import { createLogger } from './logger.js'

const started = performance.now()

let config
try {
  config = loadConfig(process.env)
} catch (err) {
  if (!(err instanceof ConfigError)) throw err
  process.stderr.write(`${err.message}\n`)
  process.exit(1)
}

const logger = createLogger(config)
try {
  const app = await buildApp(config, { logger })
  closeWithGrace({ delay: config.shutdownGraceMs, logger }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'shutting down after an error')
    else logger.info({ signal }, 'shutting down')
    await app.close()
  })
  const address = await app.listen({ port: config.port, host: config.host })
  logger.info({ address, startupMs: Math.round(performance.now() - started) }, `listening at ${address}`)
} catch (err) {
  logger.fatal({ err }, 'could not start')
  process.exit(1)
}
