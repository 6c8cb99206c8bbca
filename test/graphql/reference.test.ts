import t from 'tap'
import { buildTestApp, json } from '../helpers/app.js'

const query = `query ($id: ID!) {
  customer(id: $id) { id name email billAddress { city } }
  taxZone(id: $id) { id name rate }
  user(id: $id) { id permissions }
}`

t.test('GraphQL reads reference data of the caller tenant only', async (t) => {
  const { request } = await buildTestApp(t)
  await request({ method: 'PUT', url: '/v1/customers/x1', payload: { name: 'Acme', billAddress: { city: 'Austin' } } })
  await request({ method: 'PUT', url: '/v1/tax-zones/x1', payload: { name: 'Austin', rate: '8.25' } })
  const other = json(await request({ method: 'POST', url: '/v1/tenants', payload: { name: 'B' } }))

  const mine = await request({ method: 'POST', url: '/graphql', payload: { query, variables: { id: 'x1' } } })
  t.equal(mine.statusCode, 200)
  t.same(json(mine), {
    data: {
      customer: { id: 'x1', name: 'Acme', email: null, billAddress: { city: 'Austin' } },
      taxZone: { id: 'x1', name: 'Austin', rate: '8.25000' },
      user: null,
    },
  })

  const theirs = await request({ method: 'POST', url: '/graphql', as: other.apiKey, payload: { query, variables: { id: 'x1' } } })
  t.same(json(theirs), { data: { customer: null, taxZone: null, user: null } }, 'tenant B sees nothing of tenant A')
})

t.test('GraphQL errors carry a stable code and the request id', async (t) => {
  const { request, app } = await buildTestApp(t)

  const noKey = await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ customer(id: "1") { id } }' } })
  t.equal(noKey.statusCode, 401)
  t.match(json(noKey), { data: null, errors: [{ message: /Authorization: Bearer/, extensions: { code: 'UNAUTHENTICATED' } }] })

  const badField = await request({
    method: 'POST',
    url: '/graphql',
    headers: { 'x-request-id': 'gql-1' },
    payload: { query: '{ customer(id: "1") { nope } }' },
  })
  t.equal(badField.statusCode, 400)
  t.match(json(badField).errors[0], {
    message: /Cannot query field "nope"/,
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', requestId: 'gql-1' },
  })

  const badId = await request({ method: 'POST', url: '/graphql', payload: { query: `{ customer(id: "${'x'.repeat(101)}") { id } }` } })
  t.equal(badId.statusCode, 200)
  t.match(json(badId).errors[0].extensions, { code: 'VALIDATION_FAILED', fieldErrors: [{ field: 'id', code: 'INVALID' }] })
})
