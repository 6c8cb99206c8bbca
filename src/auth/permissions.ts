// The authorization model, as pure functions: which permissions exist, what a key and a user
// effectively hold together, and what an actor may grant. Services ask `requirePermission`
// (actor.ts); these functions decide.
//
// One vocabulary for keys and users:
// - `admin`: users, API keys, connections, webhook endpoints, tenant settings, unlocking invoices
//   and bypassing exports. Implies `invoices:write` and `reference:write`.
// - `editExportedTransactions`: edit, re-sync or bypass invoices already exported to QuickBooks.
// - `invoices:write`: create and edit invoices, adjustments, batches and sync decisions.
// - `reference:write`: upsert reference data (customers, items, ...) except users.
// Reads of a tenant's invoices, batches, reference data, connections and sync errors need only a
// valid key of that tenant; a key with no permission is a read-only key.
//
// Keys carry any of them (scopes). Users carry only `admin` and `editExportedTransactions`; every
// user implicitly holds `invoices:write` and `reference:write`, so a user without permissions
// keeps creating and editing invoices that are not exported yet, as far as the key allows.

export const permissionNames = ['admin', 'editExportedTransactions', 'invoices:write', 'reference:write'] as const
export type Permission = (typeof permissionNames)[number]

/** What can be stored on a user (DESIGN's names); the capability scopes are every user's baseline. */
export const userPermissionNames = ['admin', 'editExportedTransactions'] as const satisfies readonly Permission[]

const USER_BASELINE: readonly Permission[] = ['invoices:write', 'reference:write']

const IMPLIES: Record<Permission, readonly Permission[]> = {
  admin: ['invoices:write', 'reference:write'],
  editExportedTransactions: [],
  'invoices:write': [],
  'reference:write': [],
}

export function isPermission(value: string): value is Permission {
  return (permissionNames as readonly string[]).includes(value)
}

/** A set of permissions with what they imply; names this version does not know are dropped. */
export function expand(granted: readonly string[]): Set<Permission> {
  const out = new Set<Permission>()
  for (const name of granted) {
    if (!isPermission(name)) continue
    out.add(name)
    for (const implied of IMPLIES[name]) out.add(implied)
  }
  return out
}

/** What a user holds: its stored permissions plus every user's baseline. */
export function userHolds(stored: readonly string[]): Set<Permission> {
  return expand([...USER_BASELINE, ...stored])
}

/**
 * Effective permissions of a request: the key's scopes intersected with the acting user's
 * permissions; without a user (no X-User-Id) the key acts with its own scopes. Sorted.
 */
export function effectivePermissions(keyScopes: readonly string[], userPermissions: readonly string[] | null): Permission[] {
  const key = expand(keyScopes)
  const held = userPermissions === null ? key : new Set([...userHolds(userPermissions)].filter((p) => key.has(p)))
  return permissionNames.filter((p) => held.has(p))
}

/** Sorted, without duplicates: how permissions are stored. */
export function normalise<P extends string>(names: readonly P[]): P[] {
  return [...new Set(names)].sort()
}

/**
 * The permissions a write would give that the actor does not effectively hold: writing a user's
 * or a key's permissions may keep what the target already had, remove anything, and add only
 * what the actor holds itself. Empty means allowed. A user's effective permissions never exceed
 * its stored ones, so nobody raises their own set, and nobody gives anyone more than they hold.
 */
export function ungrantable(actorEffective: readonly string[], before: readonly string[] | null, after: readonly string[]): string[] {
  const held = expand(actorEffective)
  const had = new Set(before ?? [])
  return normalise(after.filter((p) => !had.has(p) && !(isPermission(p) && held.has(p))))
}

export type Denial = { by: 'key' | 'user'; permission: Permission } | null

/** Who lacks a permission the request needs: the key (its scopes) or the user; null when held. */
export function denial(keyScopes: readonly string[], userPermissions: readonly string[] | null, needed: Permission): Denial {
  if (!expand(keyScopes).has(needed)) return { by: 'key', permission: needed }
  if (userPermissions !== null && !userHolds(userPermissions).has(needed)) return { by: 'user', permission: needed }
  return null
}
