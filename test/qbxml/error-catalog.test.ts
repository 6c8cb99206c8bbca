import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import {
  catalog,
  describeHresult,
  describeQbwcCode,
  describeStatus,
  failingObjects,
  HELP_PAGE,
  normaliseHresult,
} from '../../src/qbxml/error-catalog.js'
import { sharedQbxmlDir } from '../helpers/qbxml.js'

t.test(
  'every code PROTOCOL.md lists is in the catalog',
  { skip: sharedQbxmlDir ? false : 'skipped: ../shared/qbxml/PROTOCOL.md is not beside the project' },
  async (t) => {
    const protocol = readFileSync(join(sharedQbxmlDir!, 'PROTOCOL.md'), 'utf8')
    const section = protocol.slice(protocol.indexOf('## 8. Status codes'), protocol.indexOf('## 9.'))
    const statusCodes = [...section.matchAll(/^\| (\d+) \|/gm)].map((m) => m[1]!)
    const hresults = [...new Set([...section.matchAll(/0x8004[0-9A-F]{4}/g)].map((m) => m[0]))]
    const slashed = [...section.matchAll(/`(0x8004[0-9A-F]{4})` \/ `(0x8004[0-9A-F]{4})`/g)].flatMap((m) => [m[1]!, m[2]!])
    const shortForms = [...section.matchAll(/0x8004041([8A-F])\/1([A-F])\/([0-9A-F]{2})/g)].flatMap((m) =>
      [`0x8004041${m[1]}`, `0x800404${m[2]}`].filter(Boolean),
    )
    const qbwc = [...new Set([...section.matchAll(/QBWC\d{4}/g)].map((m) => m[0]))]
    t.ok(
      statusCodes.length >= 20 && hresults.length >= 12 && qbwc.length >= 5,
      `${statusCodes.length} status codes, ${hresults.length} HRESULTs, ${qbwc.length} QBWC codes`,
    )
    for (const code of statusCodes) t.ok(describeStatus(Number(code)).known, `status ${code}`)
    for (const code of [...hresults, ...slashed, ...shortForms.filter((c) => /^0x8004[0-9A-F]{4}$/.test(c))])
      t.ok(describeHresult(code).known, `HRESULT ${code}`)
    for (const code of qbwc) t.ok(describeQbwcCode(code).known, code)
  },
)

t.test('categories follow the retry policy', async (t) => {
  const expect: [() => { category: string }, string][] = [
    [() => describeStatus(0), 'informational'],
    [() => describeStatus(1), 'informational'],
    [() => describeStatus(500), 'informational'],
    [() => describeStatus(530), 'informational'],
    [() => describeStatus(1000), 'transient'],
    [() => describeStatus(3175), 'transient'],
    [() => describeStatus(3231), 'transient'],
    [() => describeStatus(3200), 'conflict'],
    [() => describeStatus(3140), 'needs-user-action'],
    [() => describeStatus(3120), 'needs-user-action'],
    [() => describeStatus(3250), 'needs-user-action'],
    [() => describeStatus(3040), 'fatal'],
    [() => describeStatus(3150), 'fatal'],
    [() => describeStatus(3170, 'The record is in use by another user.'), 'transient'],
    [
      () =>
        describeStatus(
          3180,
          'There was an error when saving a Invoice.  QuickBooks error message: Cannot save: the list has been modified by another user.',
        ),
      'transient',
    ],
    [() => describeStatus(3180, 'There was an error when saving: the transaction date is prior to the closing date.'), 'needs-user-action'],
    [() => describeHresult('0x80040400'), 'fatal'],
    [() => describeHresult('0x80040414'), 'transient'],
    [() => describeHresult('0x80040418'), 'needs-user-action'],
    [() => describeQbwcCode('QBWC1013'), 'transient'],
  ]
  for (const [describe, category] of expect) t.equal(describe().category, category, `${JSON.stringify(describe()).slice(0, 60)}`)
})

t.test('every entry is written for a person and links to its help', async (t) => {
  t.ok(catalog.length >= 40, `${catalog.length} entries`)
  const codes = new Set<string>()
  for (const entry of catalog) {
    t.notOk(codes.has(entry.code), `${entry.code} once`)
    codes.add(entry.code)
    t.ok(entry.title.length >= 2 && entry.message.endsWith('.') && entry.fix.length > 10, entry.code)
    t.equal(entry.helpPath, `${HELP_PAGE}#${entry.code.toLowerCase()}`)
    t.notMatch(entry.message, /undefined|TODO/)
  }
})

t.test('unknown codes get a sensible default and keep QuickBooks words', async (t) => {
  t.match(describeStatus(3999, 'Something odd'), {
    known: false,
    category: 'needs-user-action',
    quickBooksMessage: 'Something odd',
    helpPath: `${HELP_PAGE}#3999`,
  })
  t.match(describeStatus(520, 'remark'), { known: false, category: 'informational' })
  t.match(describeHresult('0x80049999', 'COM said no'), { known: false, category: 'needs-user-action', quickBooksMessage: 'COM said no' })
  t.match(describeQbwcCode('QBWC9999'), { known: false, category: 'needs-user-action' })
})

t.test('HRESULTs in any spelling', async (t) => {
  t.equal(normaliseHresult('0x80040400'), '0x80040400')
  t.equal(normaliseHresult('80040400'), '0x80040400')
  t.equal(normaliseHresult('-2147220480'), '0x80040400')
  t.equal(normaliseHresult('0x8004041a'), '0x8004041A')
  t.equal(describeHresult('-2147220480').code, '0x80040400')
})

t.test('the objects QuickBooks names are pulled out of its message', async (t) => {
  t.same(
    failingObjects(
      'There is an invalid reference to QuickBooks Item "Pipe 1/2 in" in the Invoice line.  QuickBooks error message: Invalid argument.',
    ),
    [{ kind: 'Item', name: 'Pipe 1/2 in' }],
  )
  t.same(failingObjects('There is an invalid reference to QuickBooks Customer "Joe Smith" in the SalesOrder.'), [
    { kind: 'Customer', name: 'Joe Smith' },
  ])
  t.same(describeStatus(3120, 'Object "8000001B-1405768916" specified in the request cannot be found.').objects, [
    { kind: 'Record', name: '8000001B-1405768916' },
  ])
  t.same(failingObjects('Status OK'), [])
})
