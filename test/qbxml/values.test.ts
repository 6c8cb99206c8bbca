import t from 'tap'
import { add, compare, parseDecimal, round, sameDecimal, subtract, toFixed, toPlain } from '../../src/decimal.js'
import { isStorable, toQuickBooksText } from '../../src/qbxml/text.js'

t.test('exact decimals: no float ever rounds a cent', async (t) => {
  t.equal(toFixed(add(parseDecimal('0.1'), parseDecimal('0.2')), 2), '0.30')
  t.equal(compare(add(parseDecimal('0.1'), parseDecimal('0.2')), parseDecimal('0.3')), 0)
  t.equal(toFixed(round(parseDecimal('1.005'), 2), 2), '1.01', '1.005 (1.00499999... as a float) rounds up')
  t.equal(toFixed(round(parseDecimal('-1.005'), 2), 2), '-1.01', 'halves away from zero')
  t.equal(toFixed(round(parseDecimal('2.4449'), 2), 2), '2.44')
  t.equal(toFixed(parseDecimal('-0.001'), 2), '0.00', 'no negative zero')
  t.equal(toFixed(subtract(parseDecimal('10'), parseDecimal('10.00')), 2), '0.00')
  t.equal(toPlain(parseDecimal('2.50000'), 5), '2.5')
  t.equal(toPlain(parseDecimal('40.000'), 5), '40')
  t.equal(toPlain(parseDecimal('0.00001'), 5), '0.00001')
  t.equal(toPlain(parseDecimal('123456789012345678901234567890'), 5), '123456789012345678901234567890', 'never an exponent')
  for (const bad of ['1e5', '1,000.00', '$5', '', '.5', '5.', 'NaN', ' 1'])
    t.throws(() => parseDecimal(bad), { name: 'DecimalFormatError' }, bad)
})

t.test('sameDecimal: equal amounts whatever their spelling, and nothing a float would blur', async (t) => {
  t.ok(sameDecimal('2.50', '2.5'))
  t.ok(sameDecimal('40', '40.00000'))
  t.ok(sameDecimal('-0.0', '0'))
  t.notOk(sameDecimal('2', '2.0000000000000001'), 'the same double, not the same amount')
  t.notOk(sameDecimal('9007199254740993', '9007199254740992'), 'past 2^53')
  t.ok(sameDecimal(null, ''), 'missing and empty are the same')
  t.notOk(sameDecimal(null, '0'), 'missing is not zero')
  t.notOk(sameDecimal('1e2', '100'), 'not a plain decimal: equal only to the same text, and no throw')
  t.ok(sameDecimal('abc', 'abc'))
})

t.test('text QuickBooks can store (Windows-1252), by a fixed rule', async (t) => {
  const cases: [string, string][] = [
    ['plain ASCII', 'plain ASCII'],
    ['Café Müller – “quoted” … €5 ™', 'Café Müller – “quoted” … €5 ™'],
    ['e\u0301', 'é'],
    ['Łódź Dvořák Őr', 'Łódz Dvořák Or'.replace('Ł', '?').replace('ř', 'r')],
    ['ﬁsh', 'fish'],
    ['Ｗide', 'Wide'],
    ['a→b ≤ c', 'a->b <= c'],
    ['100\u2009000', '100 000'],
    ['zero\u200bwidth', 'zerowidth'],
    ['中文 😀', '?? ?'],
    ['bell\u0007 tab\t nl\n cr\r del\u007f c1\u0085', 'bell tab\t nl\n cr\r del c1'],
  ]
  for (const [input, expected] of cases) t.equal(toQuickBooksText(input), expected, JSON.stringify(input))
  for (const ch of [...'€ŠœŸ']) t.ok(isStorable(ch), `${ch} is in Windows-1252`)
  for (const ch of ['Ł', '中', '😀', '\u0081']) t.notOk(isStorable(ch), `${ch} is not`)
  const sample = 'x'.repeat(1000)
  t.equal(toQuickBooksText(sample), sample, 'ASCII passes through untouched')
})
