import t from 'tap'
import { ValidationError } from '../../src/errors.js'
import { decodeRevisionCursor, encodeRevisionCursor, itemsThatFit, parseRevisionPage } from '../../src/invoices/pages.js'

t.test('a page takes at most `first`, stops before the byte budget, and never comes back empty', async (t) => {
  t.equal(itemsThatFit([10, 10, 10, 10], 3, 1000), 3, 'the page size')
  t.equal(itemsThatFit([10, 10], 3, 1000), 2, 'the last page')
  t.equal(itemsThatFit([400, 400, 400], 20, 1000), 2, 'the budget: a third would pass it')
  t.equal(itemsThatFit([400, 600, 1], 20, 1000), 2, 'exactly the budget fits')
  t.equal(itemsThatFit([5000, 10], 20, 1000), 1, 'one revision larger than the budget still makes a page')
  t.equal(itemsThatFit([], 20, 1000), 0)
})

t.test('page input: 20 by default, at most 100 (refused above, not clamped), opaque cursors', async (t) => {
  t.same(parseRevisionPage({}), { first: 20, afterVersion: 0 })
  t.same(parseRevisionPage({ first: 100, after: encodeRevisionCursor(40) }), { first: 100, afterVersion: 40 })
  t.equal(decodeRevisionCursor(encodeRevisionCursor(7)), 7)
  for (const bad of [
    { first: 101 },
    { first: 0 },
    { first: 2.5 },
    { first: '5' },
    { after: 'garbage' },
    { after: Buffer.from('["revision",-1]').toString('base64url') },
    { after: Buffer.from('["revision",4294967296]').toString('base64url') },
    { colour: 'red' },
  ]) {
    t.throws(() => parseRevisionPage(bad), ValidationError, JSON.stringify(bad))
  }
})
