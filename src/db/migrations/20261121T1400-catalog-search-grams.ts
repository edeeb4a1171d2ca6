import { sql, type Kysely } from 'kysely'

/**
 * Catalogue search by index for short Chinese words (issue 6, catalogue search at 5,000 items).
 * The trigram index on item.search_text cannot serve a 2-character word ('%营业%' has no trigram),
 * and most guide searches are 2–4 characters: such a search read every item. `catalog_grams(text)`
 * is the set of 2-character substrings of a text; a GIN index on it answers "contains every
 * bigram of the word" (`catalog_grams(search_text) @> grams(word)`), and LIKE rechecks the few
 * rows it returns. An expression index: no column to keep up, whoever writes search_text (the
 * service, an import, the synthetic generator's COPY) gets it indexed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`
    CREATE FUNCTION catalog_grams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS
    $$ SELECT coalesce(array_agg(DISTINCT substr(t, i, 2)), '{}'::text[]) FROM generate_series(1, length(t) - 1) AS i $$`).execute(db)
  await sql.raw(`CREATE INDEX item_search_grams_idx ON item USING gin (catalog_grams(search_text))`).execute(db)
}
