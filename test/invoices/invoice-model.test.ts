import t from 'tap'
import {
  applyEdit,
  diffContent,
  duplicateNumbers,
  type InvoiceContent,
  isEmptyDiff,
  lineCountProblem,
  totalOf,
} from '../../src/invoices/invoice-model.js'

const line = (id: string, quantity: string, unitPrice: string) => ({
  id,
  itemId: 'labor',
  description: '',
  taxable: false,
  quantity,
  unitPrice,
  cost: null,
  businessUnitId: null,
  inventoryLocationId: null,
})
const base: InvoiceContent = {
  number: '0100',
  date: '2026-11-02',
  customerId: 'c1',
  taxZoneId: null,
  invoiceTypeId: null,
  summary: '',
  lines: [line('a', '2', '85.00'), line('b', '3', '12.50')],
}

t.test('totals are sums of cent-rounded line amounts, exactly', async (t) => {
  t.equal(totalOf(base.lines), '207.50')
  t.equal(totalOf([line('x', '0.1', '0.1'), line('y', '0.2', '0.1')]), '0.03', '0.01 + 0.02, not a float 0.030000000000000002')
  t.equal(totalOf([line('x', '1', '0.005'), line('y', '1', '0.005')]), '0.02', 'each line rounds first, as QuickBooks does')
  t.equal(totalOf([]), '0.00')
})

t.test('applying an edit: update, remove, add; unknown ids are reported, never ignored', async (t) => {
  let n = 0
  const { after, unknownLineIds, linesAddedOrRemoved } = applyEdit(
    base,
    {
      id: 'i',
      expectedVersion: 1,
      summary: 'x',
      lines: {
        update: [
          { id: 'a', quantity: '4' },
          { id: 'zz', quantity: '1' },
        ],
        remove: ['b', 'nope'],
        add: [{ itemId: 'pipe', description: 'new', taxable: true, quantity: '1', unitPrice: '5' }],
      },
    },
    () => `new-${n++}`,
  )
  t.same(
    after.lines.map((l) => [l.id, l.quantity]),
    [
      ['a', '4'],
      ['new-0', '1'],
    ],
  )
  t.equal(after.summary, 'x')
  t.ok(linesAddedOrRemoved)
  t.same(unknownLineIds, [
    { field: 'lines.remove.1', id: 'nope' },
    { field: 'lines.update.1.id', id: 'zz' },
  ])
})

t.test('diffs compare decimals by value and everything else exactly', async (t) => {
  t.ok(isEmptyDiff(diffContent(base, { ...base, lines: [line('a', '2.00000', '85'), line('b', '3.0', '12.5')] })))
  const renumbered = diffContent(base, { ...base, number: '100' })
  t.same(renumbered.fields, { number: { from: '0100', to: '100' } }, 'invoice "0100" and "100" are different numbers')
  const d = diffContent(base, { ...base, lines: [line('a', '2', '86'), line('c', '1', '1')] })
  t.same(d.linesChanged, [{ id: 'a', fields: { unitPrice: { from: '85.00', to: '86' } } }])
  t.same(
    d.linesAdded.map((l) => l.id),
    ['c'],
  )
  t.same(
    d.linesRemoved.map((l) => l.id),
    ['b'],
  )
})

t.test('the line cap holds for the invoice after the change, not per request; a count that does not grow always passes', async (t) => {
  t.equal(lineCountProblem({ before: null, after: 500 }, 500), null, 'a new invoice of exactly the cap')
  t.match(lineCountProblem({ before: null, after: 501 }, 500), {
    code: 'TOO_MANY_LINES',
    message: /at most 500 lines; this one would have 501/,
  })
  t.equal(lineCountProblem({ before: 450, after: 500 }, 500), null, 'an edit reaching the cap')
  t.match(lineCountProblem({ before: 500, after: 550 }, 500), {
    code: 'TOO_MANY_LINES',
    message: /at most 500 lines; it has 500 and this change would make it 550/,
  })
  t.match(lineCountProblem({ before: 3, after: 4 }, 3), { code: 'TOO_MANY_LINES', message: /at most 3 lines/ }, 'the cap is a parameter')
  // An invoice saved before the cap existed may hold more: it can be corrected and shrunk, never grown.
  t.equal(lineCountProblem({ before: 5500, after: 5500 }, 500), null, 'changing fields of an invoice above the cap')
  t.equal(lineCountProblem({ before: 5500, after: 5499 }, 500), null, 'removing a line of an invoice above the cap')
  t.match(lineCountProblem({ before: 5500, after: 5501 }, 500), { code: 'TOO_MANY_LINES' }, 'growing an invoice above the cap')
})

t.test('a number the company file has twice is a warning per invoice, ignoring case', async (t) => {
  const mine = [
    { id: 'a', number: 'INV-1' },
    { id: 'b', number: 'inv-1' },
    { id: 'c', number: 'INV-2' },
  ]
  const warnings = duplicateNumbers(mine, [{ id: 'x', number: 'Inv-1' }, ...mine])
  t.same(
    warnings.map((w) => w.invoiceId),
    ['a', 'b'],
    'two of the batch share a number with each other and with one already there; INV-2 is alone',
  )
  t.match(warnings[0]!.message, /"INV-1" is also used by 2 other invoices/)
  t.same(duplicateNumbers([{ id: 'c', number: 'INV-2' }], [{ id: 'c', number: 'INV-2' }]), [], 'an invoice is no duplicate of itself')
})
