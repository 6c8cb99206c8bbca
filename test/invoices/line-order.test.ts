// Lines come back in the order they were saved in, after any mix of removals and additions: each
// line's stored position is its index in the saved content, with no two lines sharing one.
import t from 'tap'
import { buildTestApp } from '../helpers/app.js'
import { EDITOR, scenario } from '../helpers/invoices.js'

const UPDATE = `mutation($input: UpdateInvoiceInput!) { updateInvoice(input: $input) { invoice { id version lines { id description } } userErrors { field code message } } }`

t.test('removing then adding lines keeps every line in its place', async (t) => {
  const app = await buildTestApp(t)
  const s = await scenario(app)
  const line = (description: string) => ({ itemId: 'labor', description, quantity: '1', unitPrice: '10.00' })
  const created = await s.createInvoice({ lines: [line('A'), line('B'), line('C')] })
  const [a] = created.lines
  const edit = async (version: number, lines: Record<string, unknown>) => {
    const r = await s.gql(UPDATE, { input: { id: created.id, expectedVersion: version, lines } }, { userId: EDITOR })
    t.same(r.data!.updateInvoice.userErrors, [], `edit to version ${version + 1} saved`)
    return r.data!.updateInvoice.invoice
  }
  await edit(1, { remove: [a.id] })
  await edit(2, { add: [line('D')] })
  await edit(3, { remove: [created.lines[1].id], add: [line('E'), line('F')] })

  const shown = (await s.invoice(created.id)).lines.map((l: { description: string }) => l.description)
  t.same(shown, ['C', 'D', 'E', 'F'], 'the invoice shows the lines in the order they were saved')
  const stored = (await app.database.db.execute(
    `select description, position from invoice_lines where invoice_id = '${created.id}' order by position`,
  )) as unknown as { rows: { description: string; position: number }[] }
  t.same(
    stored.rows.map((r) => r.position),
    [0, 1, 2, 3],
    'positions are the indexes, none shared',
  )
  const revision = (await app.database.db.execute(
    `select snapshot from invoice_revisions where invoice_id = '${created.id}' order by version desc limit 1`,
  )) as unknown as { rows: { snapshot: { lines: { description: string }[] } }[] }
  t.same(
    revision.rows[0]!.snapshot.lines.map((l) => l.description),
    shown,
    'the revision holds the same order',
  )
})
