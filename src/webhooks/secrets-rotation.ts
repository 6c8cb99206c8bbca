// After SECRETS_KEY is rotated, webhook signing secrets written under the previous key (or in the
// first `v1:` format) are re-encrypted under the current one at start, so SECRETS_KEY_PREVIOUS is
// needed only until every instance has started once with the new key.
import { and, eq, notLike, or, sql } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { webhookEndpoints } from '../db/schema.js'
import type { SecretBox } from './secrets.js'

export async function reencryptWebhookSecrets(db: Db, box: SecretBox, warn: (obj: object, msg: string) => void): Promise<number> {
  const prefix = await box.currentPrefix()
  const stale = await db
    .select({ id: webhookEndpoints.id, secret: webhookEndpoints.secretCiphertext, previous: webhookEndpoints.previousSecretCiphertext })
    .from(webhookEndpoints)
    .where(or(notLike(webhookEndpoints.secretCiphertext, `${prefix}%`), notLike(webhookEndpoints.previousSecretCiphertext, `${prefix}%`)))
  let done = 0
  for (const row of stale) {
    try {
      const rewrap = async (value: string | null) =>
        value === null || value.startsWith(prefix) ? value : box.encrypt(await box.decrypt(value, row.id), row.id)
      const [secret, previous] = [await rewrap(row.secret), await rewrap(row.previous)]
      // Only if nobody rotated the secret meanwhile (another instance starting, an API call).
      const updated = await db
        .update(webhookEndpoints)
        .set({ secretCiphertext: secret!, previousSecretCiphertext: previous })
        .where(
          and(
            eq(webhookEndpoints.id, row.id),
            eq(webhookEndpoints.secretCiphertext, row.secret),
            sql`${webhookEndpoints.previousSecretCiphertext} is not distinct from ${row.previous}`,
          ),
        )
        .returning({ id: webhookEndpoints.id })
      done += updated.length
    } catch (err) {
      warn(
        { endpointId: row.id, err: { message: (err as Error).message } },
        'a webhook secret could not be re-encrypted under SECRETS_KEY (set SECRETS_KEY_PREVIOUS to the key that wrote it)',
      )
    }
  }
  return done
}
