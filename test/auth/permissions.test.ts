// The authorization model's rules, one table each (pure functions, no database).
import t from 'tap'
import { credentialExpiresAt, type KeyRowState, keyState, outlives } from '../../src/auth/api-keys.js'
import { denial, effectivePermissions, ungrantable } from '../../src/auth/permissions.js'

const ADMIN_KEY = ['admin', 'editExportedTransactions']
const FRONTEND_KEY = ['invoices:write', 'editExportedTransactions']

t.test('effective permissions are the key scopes intersected with the user permissions', async (t) => {
  const cases: [string, string[], string[] | null, string[]][] = [
    [
      'an admin key acting for itself holds what admin implies',
      ADMIN_KEY,
      null,
      ['admin', 'editExportedTransactions', 'invoices:write', 'reference:write'],
    ],
    ['a frontend key acting for itself', FRONTEND_KEY, null, ['editExportedTransactions', 'invoices:write']],
    ['a read-only key (no scope) holds nothing', [], null, []],
    [
      'admin key + a user without permissions: invoices and reference data, as users always could',
      ADMIN_KEY,
      [],
      ['invoices:write', 'reference:write'],
    ],
    ['admin key + an editor', ADMIN_KEY, ['editExportedTransactions'], ['editExportedTransactions', 'invoices:write', 'reference:write']],
    ['admin key + an admin user without editExportedTransactions', ADMIN_KEY, ['admin'], ['admin', 'invoices:write', 'reference:write']],
    [
      'frontend key + an admin user: no admin',
      FRONTEND_KEY,
      ['admin', 'editExportedTransactions'],
      ['editExportedTransactions', 'invoices:write'],
    ],
    ['frontend key + a plain user: invoices only', FRONTEND_KEY, [], ['invoices:write']],
    ['read-only key + an admin user: nothing', [], ['admin', 'editExportedTransactions'], []],
    [
      'a key with only admin + an editor: editing exported invoices needs the key to hold it too',
      ['admin'],
      ['editExportedTransactions'],
      ['invoices:write', 'reference:write'],
    ],
    ['names this version does not know are ignored', ['invoices:write', 'root'], ['root'], ['invoices:write']],
  ]
  for (const [name, key, user, expected] of cases) t.same(effectivePermissions(key, user), expected, name)
})

t.test('a write may keep and remove permissions, and add only what the actor effectively holds', async (t) => {
  const cases: [string, string[], string[] | null, string[], string[]][] = [
    [
      'an admin key grants anything within its scopes',
      effectivePermissions(ADMIN_KEY, null),
      null,
      ['admin', 'editExportedTransactions'],
      [],
    ],
    [
      'an admin user without editExportedTransactions cannot grant it',
      effectivePermissions(ADMIN_KEY, ['admin']),
      null,
      ['editExportedTransactions'],
      ['editExportedTransactions'],
    ],
    [
      'nor give it to itself',
      effectivePermissions(ADMIN_KEY, ['admin']),
      ['admin'],
      ['admin', 'editExportedTransactions'],
      ['editExportedTransactions'],
    ],
    [
      'it may keep a permission the target already had',
      effectivePermissions(ADMIN_KEY, ['admin']),
      ['editExportedTransactions'],
      ['editExportedTransactions'],
      [],
    ],
    ['and remove one it does not hold', effectivePermissions(ADMIN_KEY, ['admin']), ['admin', 'editExportedTransactions'], [], []],
    [
      'a key limited to admin cannot make a key holding editExportedTransactions',
      effectivePermissions(['admin'], null),
      null,
      ['invoices:write', 'editExportedTransactions'],
      ['editExportedTransactions'],
    ],
    [
      'admin implies the capability scopes, so it can hand them out',
      effectivePermissions(['admin'], null),
      null,
      ['invoices:write', 'reference:write'],
      [],
    ],
    ['a frontend key cannot hand out admin', effectivePermissions(FRONTEND_KEY, null), null, ['admin'], ['admin']],
  ]
  for (const [name, actor, before, after, refused] of cases) t.same(ungrantable(actor, before, after), refused, name)
})

t.test('a refusal names who lacks the permission: the key first, then the user', async (t) => {
  t.same(denial(FRONTEND_KEY, ['admin'], 'admin'), { by: 'key', permission: 'admin' })
  t.same(denial(ADMIN_KEY, [], 'admin'), { by: 'user', permission: 'admin' })
  t.same(denial(ADMIN_KEY, ['admin'], 'admin'), null)
  t.same(denial(ADMIN_KEY, null, 'editExportedTransactions'), null)
  t.same(denial([], null, 'invoices:write'), { by: 'key', permission: 'invoices:write' })
})

t.test('a presented key value is active, expired or invalid', async (t) => {
  const ok: KeyRowState = { revoked: false, current: true, expired: false, previousExpired: true }
  const cases: [string, KeyRowState | undefined, string][] = [
    ['no key has that value', undefined, 'invalid'],
    ['the current value of a live key', ok, 'active'],
    ['a revoked key', { ...ok, revoked: true }, 'invalid'],
    ['a key past expiresAt', { ...ok, expired: true }, 'expired'],
    ['a replaced value inside its grace period', { ...ok, current: false, previousExpired: false }, 'active'],
    ['a replaced value after its grace period', { ...ok, current: false, previousExpired: true }, 'invalid'],
    [
      'a replaced value of a revoked key, even in its grace period',
      { ...ok, current: false, previousExpired: false, revoked: true },
      'invalid',
    ],
    ['a replaced value of an expired key', { ...ok, current: false, previousExpired: false, expired: true }, 'expired'],
  ]
  for (const [name, row, state] of cases) t.equal(keyState(row), state, name)
})

t.test(
  'a credential ends with its key, or with its grace period when a rotation replaced it; nothing it hands out outlives it',
  async (t) => {
    const soon = new Date('2027-01-01T00:00:00Z')
    const later = new Date('2027-06-01T00:00:00Z')
    t.equal(credentialExpiresAt(null, true, null), null, 'a current value of a key that never expires')
    t.equal(credentialExpiresAt(null, true, soon), null, "the grace period of the replaced value is not the current value's")
    t.same(credentialExpiresAt(null, false, soon), soon, 'a replaced value ends with its grace period')
    t.same(credentialExpiresAt(later, false, soon), soon, 'whichever comes first')
    t.same(credentialExpiresAt(soon, false, later), soon)
    t.same(credentialExpiresAt(soon, true, null), soon)
    t.equal(outlives(null, null), false, 'a credential that never ends may hand out anything')
    t.equal(outlives(null, soon), true, 'a value for ever outlives an expiring credential')
    t.equal(outlives(later, soon), true)
    t.equal(outlives(soon, soon), false, 'ending at the same instant is not outliving')
    t.equal(outlives(soon, later), false)
  },
)
