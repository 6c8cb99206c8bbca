// The editable content of an invoice, as every capability passes it around: the invoice service
// saves and diffs it, the sync maps it to QuickBooks. Types only, below both.

export interface InvoiceLine {
  id: string
  itemId: string
  description: string
  taxable: boolean
  quantity: string
  unitPrice: string
  cost: string | null
  businessUnitId: string | null
  inventoryLocationId: string | null
}

/** What revisions snapshot and diff, and what is sent to QuickBooks. */
export interface InvoiceContent {
  number: string
  date: string
  customerId: string
  taxZoneId: string | null
  invoiceTypeId: string | null
  summary: string
  lines: InvoiceLine[]
}
