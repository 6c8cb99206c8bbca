// The resolvers are typed from src/graphql/schema-types.ts, generated from schema.graphql: the
// committed file must be what `npm run codegen` makes of today's schema, or tsc checks the
// resolvers against a contract that is no longer the one served. Generated in memory, nothing written.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { generate } from '@graphql-codegen/cli'
import t from 'tap'
import config from '../../codegen.js'
import { projectRoot } from '../../src/paths.js'

t.test('src/graphql/schema-types.ts is what npm run codegen generates from schema.graphql', async (t) => {
  const outputs: { filename: string; content: string }[] = await generate({ ...config, cwd: projectRoot, silent: true }, false)
  const file = 'src/graphql/schema-types.ts'
  const fresh = outputs.find((o) => o.filename === join(projectRoot, file) || o.filename === file)
  t.ok(fresh, `codegen.ts generates ${file}`)
  const committed = readFileSync(join(projectRoot, file), 'utf8')
  // On a difference tap prints the lines that differ.
  t.equal(committed, fresh?.content, `${file} matches schema.graphql (if not: run \`npm run codegen\` and commit the result)`)
})
