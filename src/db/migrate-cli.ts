// `npm run db:migrate`: applies migrations/ to the configured database and exits.
import { ConfigError, loadConfig } from '../config.js'
import { openDatabase } from './client.js'

try {
  const config = loadConfig(process.env)
  const database = await openDatabase(config)
  try {
    await database.migrate()
    process.stdout.write(`migrations applied to ${database.kind} at ${database.location}\n`)
  } finally {
    await database.close()
  }
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : `migration failed: ${(err as Error).message}`}\n`)
  process.exit(1)
}
