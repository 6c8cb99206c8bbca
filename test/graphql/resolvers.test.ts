// schema.graphql and the resolvers agree: every resolver names a type and field of the schema, and
// every root field (query, mutation, subscription) has a resolver, so nothing answers null by
// accident. Built without a database: the services are never called.

import { buildSchema, isObjectType } from 'graphql'
import t from 'tap'
import { graphqlSchema, resolvers } from '../../src/graphql/graphql-plugin.js'

t.test('every resolver is in the schema, and every root field has one', async (t) => {
  const schema = buildSchema(graphqlSchema)
  const never = new Proxy({}, { get: () => new Proxy(() => {}, { get: () => () => {} }) })
  const map = resolvers(never as never) as Record<string, Record<string, unknown>>
  const stray: string[] = []
  for (const [typeName, fields] of Object.entries(map)) {
    const type = schema.getType(typeName)
    if (!type) {
      stray.push(typeName)
      continue
    }
    if (!isObjectType(type)) continue // scalars
    for (const field of Object.keys(fields)) if (!(field in type.getFields())) stray.push(`${typeName}.${field}`)
  }
  t.same(stray, [], 'no resolver for a type or field the schema does not have')
  const missing: string[] = []
  for (const root of ['Query', 'Mutation', 'Subscription']) {
    const type = schema.getType(root)
    if (!type || !isObjectType(type)) continue
    for (const field of Object.keys(type.getFields())) if (!map[root] || !(field in map[root]!)) missing.push(`${root}.${field}`)
  }
  t.same(missing, [], 'every root field has a resolver')
})
