// Credit memos' rules, without a database: what an invoice is kept as, the lines QuickBooks gets,
// and the edits that would change the transaction.
import t from 'tap'
import { blankInvoiceRet, blankLineRet } from '../../src/qbxml/responses.js'
import { asTxn, changesTxnType, inInvoiceTerms, negated, txnTypeOf } from '../../src/sync/credit-memos.js'

t.test('a negative total is a credit memo; zero and above an invoice', async (t) => {
  t.equal(txnTypeOf('-0.01'), 'CREDIT_MEMO')
  t.equal(txnTypeOf('0.00'), 'INVOICE', 'a $0 invoice is an invoice')
  t.equal(txnTypeOf('12.50'), 'INVOICE')
  t.ok(changesTxnType('CREDIT_MEMO', '5.00'), 'a credit memo turned positive')
  t.ok(changesTxnType('INVOICE', '-5.00'))
  t.notOk(changesTxnType('CREDIT_MEMO', '-5.00'))
})

t.test("a credit memo's lines carry each quantity turned, exactly, and back", async (t) => {
  t.equal(negated('2'), '-2')
  t.equal(negated('-1.5'), '1.5')
  t.equal(negated('0'), '0', 'zero stays as written')
  t.equal(negated('+3'), '-3')
  const qb = {
    customer: { fullName: 'Acme' },
    number: 'CM-1',
    date: '2026-11-02',
    summary: '',
    taxZone: null,
    lines: [
      { id: 'a', item: { fullName: 'Labor' }, description: 'Callout', quantity: '-1', unitPrice: '85.00', taxable: false },
      { id: 'b', item: { fullName: 'Pipe' }, description: 'Kept', quantity: '1', unitPrice: '12.50', taxable: false },
    ],
  }
  t.equal(asTxn(qb, 'INVOICE'), qb, 'an invoice goes as it is')
  const memo = asTxn(qb, 'CREDIT_MEMO')
  t.same(
    memo.lines.map((l) => [l.quantity, l.unitPrice]),
    [
      ['1', '85.00'],
      ['-1', '12.50'],
    ],
    'a return of one is a credit of one; prices unchanged',
  )
  t.same(asTxn(memo, 'CREDIT_MEMO'), qb, 'its own inverse')
  const ret = blankInvoiceRet({
    txnType: 'CREDIT_MEMO',
    lines: [{ ...blankLineRet('L1'), quantity: '2', rate: '85.00', amount: '170.00' }],
  })
  t.match(inInvoiceTerms(ret).lines[0], { quantity: '-2', rate: '85.00', amount: '-170.00' }, "QuickBooks' copy in this service's terms")
  const invoiceRet = blankInvoiceRet({ lines: [{ ...blankLineRet('L1'), quantity: '2', amount: '170.00' }] })
  t.equal(inInvoiceTerms(invoiceRet), invoiceRet, 'an invoice copy as it is')
})
