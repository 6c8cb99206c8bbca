// Figures each reliability test reports (printed, and written for the run's final summary by
// test/reliability/run.mjs), the seed every randomised test prints, and the secrets check.
import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const figuresDir = process.env.RELIABILITY_FIGURES_DIR || join(tmpdir(), 'invoice-sync-reliability')

export function report(part: string, figures: Record<string, number | string>): void {
  console.log(
    `# ${part}: ${Object.entries(figures)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}`,
  )
  mkdirSync(figuresDir, { recursive: true })
  writeFileSync(join(figuresDir, `${part}.json`), JSON.stringify({ part, at: new Date().toISOString(), ...figures }, null, 2))
}

/** RELIABILITY_SEED replays a run; otherwise a fresh seed, printed so a failure can be replayed. */
export function seedFor(part: string): number {
  const given = Number(process.env.RELIABILITY_SEED)
  const seed = Number.isInteger(given) && given > 0 ? given : Math.floor(Math.random() * 2 ** 31)
  console.log(`# ${part}: seed ${seed} (replay with RELIABILITY_SEED=${seed})`)
  return seed
}

/** Which of these secrets appear in the text (each reported by a short, safe prefix). */
export function leakedSecrets(text: string, secrets: string[]): string[] {
  return [...new Set(secrets.filter((s) => s && s.length >= 8 && text.includes(s)))].map((s) => `${s.slice(0, 4)}… (${s.length} chars)`)
}

/** Markers of internals a client must never see in an error body. */
export const INTERNALS =
  /ECONNREFUSED|ECONNRESET|Connection terminated|terminating connection|at [\w.<>]+ \(|node_modules|\/src\/|dist\/src|\bselect\b.+\bfrom\b|\binsert into\b|\bupdate "|postgres:\/\/|password authentication|DrizzleQueryError|Failed query|stack/i
