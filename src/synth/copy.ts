/**
 * Bulk writing with COPY on both databases: on PostgreSQL `COPY … FROM STDIN` (pg-copy-streams) over a
 * dedicated connection to deps.config.databaseUrl; on PGlite `COPY … FROM '/dev/blob'` with the rows as
 * the query's blob (the PGlite instance under deps.db, src/db/database.ts pgliteOf). Rows are encoded in
 * COPY's text format. A chunk of tables is written in ONE transaction, tables in the order given (parents
 * first: foreign keys hold inside the transaction), so a crash leaves whole chunks only.
 */
import type { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { pgliteOf, pgPoolOf } from '../db/database.js'
import type { Deps } from '../server/context.js'

/**
 * A table's rows in COPY text format, encoded into one growing buffer as they are made: millions of
 * short-lived line strings kept until their chunk is written would be promoted and collected as old
 * objects (the garbage collector was a third of the generator's time).
 */
export class CopyLines {
  private buf = Buffer.allocUnsafe(1 << 20)
  private used = 0
  /** rows pushed */
  length = 0
  push(line: string): void {
    const max = line.length * 3
    if (this.used + max > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.used + max))
      this.buf.copy(next, 0, 0, this.used)
      this.buf = next
    }
    this.used += this.buf.write(line, this.used)
    this.length++
  }
  /** the encoded rows (a view, valid until the next push) */
  bytes(): Buffer {
    return this.buf.subarray(0, this.used)
  }
}

/** One table's part of a chunk: its columns and the encoded rows (COPY text format, one line each). */
export interface CopyPart {
  table: string
  columns: readonly string[]
  lines: CopyLines
}

export interface CopySink {
  method: 'copy'
  /** Runs SQL on the sink's own connection (outside any chunk). */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>
  /** Writes the parts in one transaction; `after` statements run inside it, after the parts. */
  writeChunk(parts: CopyPart[], after?: { text: string; params: unknown[] }[]): Promise<void>
  close(): Promise<void>
}

/** A value in COPY text format: \N for null, backslash escapes for the four special characters. */
export function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N'
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v)
  if (!/[\\\t\n\r]/.test(s)) return s
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
}

/** One row as a COPY text line (with its newline). */
export function copyLine(values: readonly unknown[]): string {
  let out = ''
  for (let i = 0; i < values.length; i++) out += (i ? '\t' : '') + copyValue(values[i])
  return out + '\n'
}

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`
const copySql = (p: CopyPart, source: string) => `COPY ${ident(p.table)} (${p.columns.map(ident).join(', ')}) FROM ${source}`

export async function openCopySink(deps: Deps): Promise<CopySink> {
  const lite = pgliteOf(deps.db)
  if (lite) return pgliteSink(lite)
  // a dedicated connection to the same database; or one from the pool under deps.db
  let client: pg.ClientBase
  let done: () => Promise<void>
  if (deps.config.databaseUrl) {
    const c = new pg.Client({ connectionString: deps.config.databaseUrl })
    await c.connect()
    client = c
    done = () => c.end()
  } else {
    const pool = pgPoolOf(deps.db)
    if (!pool) throw new Error('bulk load: neither a PGlite instance nor a PostgreSQL pool under deps.db')
    const c = await pool.connect()
    client = c
    done = async () => {
      await c.query('RESET synchronous_commit').catch(() => {})
      await c.query('RESET session_replication_role').catch(() => {})
      c.release()
    }
  }
  await client.query(`SET synchronous_commit = off`)
  await bulkMode((q) => client.query(q))
  return pgSink(client, done)
}

function pgSink(client: pg.ClientBase, done: () => Promise<void>): CopySink {
  const copyPart = (p: CopyPart) =>
    new Promise<void>((resolve, reject) => {
      const stream = client.query(copyFrom(copySql(p, 'STDIN')))
      stream.on('error', reject)
      stream.on('finish', () => resolve())
      // in slices of 1 MB: the socket drains while the generator works on the next chunk
      const data = p.lines.bytes()
      let at = 0
      const pump = () => {
        while (at < data.length) {
          const slice = data.subarray(at, Math.min(data.length, at + (1 << 20)))
          at += slice.length
          if (!stream.write(slice)) {
            stream.once('drain', pump)
            return
          }
        }
        stream.end()
      }
      pump()
    })
  return {
    method: 'copy',
    async query<T>(text: string, params: unknown[] = []) {
      return (await client.query(text, params)).rows as T[]
    },
    async writeChunk(parts, after = []) {
      await client.query('BEGIN')
      try {
        for (const p of parts) if (p.lines.length) await copyPart(p)
        for (const a of after) await client.query(a.text, a.params)
        await client.query('COMMIT')
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {})
        throw e
      }
    },
    close: done,
  }
}

/**
 * Bulk-load mode where the role may set it (a superuser, as the synthetic city's own database and
 * PGlite have): `session_replication_role = replica` skips the per-row foreign-key and user triggers
 * of COPY, as pg_restore --disable-triggers does. The generator builds every reference from rows it
 * read or wrote itself, and the tests check the references afterwards (city.test.ts). Elsewhere the
 * load runs with the checks on, only slower.
 */
async function bulkMode(run: (q: string) => Promise<unknown>): Promise<boolean> {
  try {
    await run('SET session_replication_role = replica')
    return true
  } catch {
    return false
  }
}

function pgliteSink(lite: PGlite): CopySink {
  return {
    method: 'copy',
    async query<T>(text: string, params: unknown[] = []) {
      return (await lite.query<T>(text, params)).rows
    },
    async writeChunk(parts, after = []) {
      await lite.transaction(async (tx) => {
        await tx.query('SET LOCAL session_replication_role = replica')
        for (const p of parts) {
          if (!p.lines.length) continue
          await tx.query(copySql(p, `'/dev/blob'`), [], { blob: new Blob([p.lines.bytes()]) })
        }
        for (const a of after) await tx.query(a.text, a.params)
      })
    },
    async close() {},
  }
}
