// The rules of QuickBooks' lists read back, without a database: which reads a company's connection
// takes and in what order, which list an answer's entry belongs to, and which entries may stand
// for reference data.
import t from 'tap'
import { CONSERVATIVE_PROFILE } from '../../src/qbxml/profile.js'
import { entryName, linkable, listKindOf, nameKey, readsFor } from '../../src/sync/list-decisions.js'

t.test('lists before invoices, each only where the company uses it', async (t) => {
  t.same(readsFor(CONSERVATIVE_PROFILE, true), ['CUSTOMERS', 'ITEMS', 'INVOICES', 'CREDIT_MEMOS'])
  t.same(readsFor({ classTracking: true, salesTax: true, inventorySites: true }, true), [
    'CUSTOMERS',
    'ITEMS',
    'CLASSES',
    'SALES_TAX_CODES',
    'INVENTORY_SITES',
    'INVOICES',
    'CREDIT_MEMOS',
  ])
  t.same(
    readsFor({ classTracking: true, salesTax: true, inventorySites: true }, false),
    ['INVOICES', 'CREDIT_MEMOS'],
    'lists off: invoices and credit memos only',
  )
})

t.test("an answer's entries belong to their list; sales tax items apart from the other items", async (t) => {
  t.equal(listKindOf('CustomerRet'), 'CUSTOMER')
  t.equal(listKindOf('ItemServiceRet'), 'ITEM')
  t.equal(listKindOf('ItemInventoryAssemblyRet'), 'ITEM')
  t.equal(listKindOf('ItemSalesTaxRet'), 'ITEM_SALES_TAX')
  t.equal(listKindOf('ItemSalesTaxGroupRet'), 'ITEM_SALES_TAX')
  t.equal(listKindOf('ClassRet'), 'CLASS')
  t.equal(listKindOf('SalesTaxCodeRet'), 'SALES_TAX_CODE')
  t.equal(listKindOf('InventorySiteRet'), 'INVENTORY_SITE')
  t.equal(listKindOf('VendorRet'), null)
  t.equal(entryName({ name: 'Kitchen', fullName: 'Acme:Kitchen' }), 'Acme:Kitchen', 'a job by its full name')
  t.equal(entryName({ name: 'Travis County', fullName: null }), 'Travis County', 'a sales tax item has a name only')
  t.equal(nameKey('ACME Plumbing'), nameKey('acme plumbing'), 'names compare ignoring case')
})

t.test('an entry stands for reference data when it is active and of a type invoices use', async (t) => {
  t.ok(linkable({ kind: 'ITEM', qbType: 'ItemServiceRet', isActive: true }))
  t.ok(linkable({ kind: 'ITEM', qbType: 'ItemOtherChargeRet', isActive: true }))
  t.notOk(linkable({ kind: 'ITEM', qbType: 'ItemDiscountRet', isActive: true }), 'a discount item is no line item of ours')
  t.notOk(linkable({ kind: 'CUSTOMER', qbType: 'CustomerRet', isActive: false }), 'an inactive entry takes no new transaction')
  t.ok(linkable({ kind: 'ITEM_SALES_TAX', qbType: 'ItemSalesTaxGroupRet', isActive: true }))
  t.notOk(linkable({ kind: 'SALES_TAX_CODE', qbType: 'SalesTaxCodeRet', isActive: true }), 'no reference data stands for a code')
})
