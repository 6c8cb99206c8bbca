// A change to QuickBooks in words for a person (the preview), without a database.
import t from 'tap'
import { describeAdd, describePlan, planInvoiceMod, type SyncedInvoice } from '../../src/qbxml/invoice-mod.js'
import { CONSERVATIVE_PROFILE } from '../../src/qbxml/profile.js'

const synced: SyncedInvoice = {
  txnId: '1-1',
  editSequence: '7',
  invoice: {
    customer: { fullName: 'Acme' },
    number: 'A-1',
    date: '2026-11-02',
    summary: 'Sink',
    taxZone: null,
    lines: [
      {
        id: 'a',
        txnLineId: 'T1',
        item: { fullName: 'Labor' },
        description: 'Two hours',
        quantity: '2',
        unitPrice: '85.00',
        taxable: false,
      },
      {
        id: 'b',
        txnLineId: 'T2',
        item: { fullName: 'Pipe' },
        description: 'Copper pipe',
        quantity: '3',
        unitPrice: '12.50',
        taxable: false,
      },
    ],
  },
}

t.test('each header field and each line kept, changed, added or deleted', async (t) => {
  const current = {
    ...synced.invoice,
    summary: 'Sink and tap',
    lines: [
      { ...synced.invoice.lines[0]!, quantity: '3' },
      { id: 'c', item: { fullName: 'Labor' }, description: 'Travel', quantity: '1', unitPrice: '40.00', taxable: false },
    ],
  }
  t.same(describePlan(synced, planInvoiceMod(synced, current, CONSERVATIVE_PROFILE)), [
    'memo becomes "Sink and tap"',
    'line "Two hours": quantity "2" -> "3"',
    'line "Travel" is added',
    'line "Copper pipe" is deleted',
  ])
  const memoOnly = { ...synced.invoice, summary: 'Tap' }
  t.same(describePlan(synced, planInvoiceMod(synced, memoOnly, CONSERVATIVE_PROFILE)), ['memo becomes "Tap"', 'lines are left as they are'])
  t.same(describeAdd(synced.invoice, 'CreditMemo'), [
    'a credit memo A-1 for "Acme", dated 2026-11-02, is added',
    'line "Two hours" is added',
    'line "Copper pipe" is added',
  ])
})
