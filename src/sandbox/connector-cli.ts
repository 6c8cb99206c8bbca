// `npm run sandbox:connector -- --qwc <file> --password <password>`: see connector.ts.
import { CONNECTOR_USAGE, describeRun, parseConnectorArgs, playAgainst } from './connector.js'

const argv = process.argv.slice(2)
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(CONNECTOR_USAGE)
  process.exit(0)
}
try {
  const args = parseConnectorArgs(argv, process.env)
  const { url, runs } = await playAgainst(args)
  process.stdout.write(`Web Connector played against ${url}\n`)
  runs.forEach((log, i) => {
    process.stdout.write(`${describeRun(log, i + 1)}\n`)
  })
  if (runs.some((log) => log.authenticate[1] === 'nvu')) process.exit(2)
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n\n${CONNECTOR_USAGE}`)
  process.exit(1)
}
