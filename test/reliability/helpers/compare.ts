// Is QuickBooks' copy of an invoice the service's view of it? Decimals compare by value ("85" and
// "85.00" are the same rate), text exactly.
import type { FakeInvoice } from '../../helpers/fake-quickbooks.js'

/** A decimal string in canonical form: no leading zeros, no trailing fractional zeros. */
export function canonicalDecimal(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(value.trim())
  if (!m) return `invalid:${value}`
  const int = (m[2] ?? '').replace(/^0+(?=\d)/, '') || '0'
  const frac = (m[3] ?? '').replace(/0+$/, '')
  const sign = m[1] === '-' && (int !== '0' || frac !== '') ? '-' : ''
  return `${sign}${int}${frac ? `.${frac}` : ''}`
}

/** Differences between the QuickBooks copy and our invoice, in words; [] when equal. */
export function qbDifferences(qb: FakeInvoice, ours: Record<string, any>): string[] {
  const out: string[] = []
  if (qb.refNumber !== ours.number) out.push(`RefNumber ${qb.refNumber} vs number ${ours.number}`)
  if (qb.txnDate !== ours.date) out.push(`TxnDate ${qb.txnDate} vs ${ours.date}`)
  if (qb.memo !== (ours.summary ?? '')) out.push(`Memo "${qb.memo}" vs summary "${ours.summary}"`)
  if (qb.lines.length !== ours.lines.length) out.push(`${qb.lines.length} lines in QuickBooks vs ${ours.lines.length}`)
  ours.lines.forEach((line: Record<string, any>, i: number) => {
    const theirs = qb.lines[i]
    if (!theirs) return
    if (theirs.desc !== (line.description ?? '')) out.push(`line ${i + 1} desc "${theirs.desc}" vs "${line.description}"`)
    if (canonicalDecimal(theirs.quantity) !== canonicalDecimal(line.quantity))
      out.push(`line ${i + 1} quantity ${theirs.quantity} vs ${line.quantity}`)
    if (canonicalDecimal(theirs.rate) !== canonicalDecimal(line.unitPrice))
      out.push(`line ${i + 1} rate ${theirs.rate} vs ${line.unitPrice}`)
    if (canonicalDecimal(theirs.amount) !== canonicalDecimal(line.amount))
      out.push(`line ${i + 1} amount ${theirs.amount} vs ${line.amount}`)
  })
  return out
}
