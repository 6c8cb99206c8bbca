// `npm run client:generate`: TypeScript types for the REST door, generated from openapi.yaml by
// openapi-typescript into client/schema.d.ts (client/index.ts wraps them in openapi-fetch). A test
// regenerates them and fails when the committed file differs, so the types never drift from the
// contract; `tsc --noEmit` then compiles the README's story (client/readme-story.ts) against them.
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import openapiTS, { astToString } from 'openapi-typescript'

const root = new URL('..', import.meta.url)

/** The generated file's text. */
export async function clientTypes() {
  const ast = await openapiTS(new URL('openapi.yaml', root), { alphabetize: true, defaultNonNullable: false })
  return `// Generated from openapi.yaml by openapi-typescript (npm run client:generate). Do not edit.\n${astToString(ast)}`
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // --stdout: print instead of writing (the drift test compares).
  if (process.argv.includes('--stdout')) process.stdout.write(await clientTypes())
  else {
    writeFileSync(new URL('client/schema.d.ts', root), await clientTypes())
    process.stdout.write('client/schema.d.ts written\n')
  }
}
