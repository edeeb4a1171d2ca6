/**
 * Synthetic data: a seeded, deterministic generator of a city's case history (history.ts, pure),
 * the world it draws from (world.ts) and a bulk writer (writer.ts). Used by the demo; built to be
 * reused for the scale benchmark (millions of cases).
 */
export { Rng, zipfCumulative } from './prng.js'
export { synthEnterprise, synthPerson, type SynthApplicant } from './people.js'
export { generateHistory, generatorCalendar, workingDays, type HistoryOptions, type HistoryWorld, type SynthCase, type WorkCalendar, type WorldItem, type WorldStaff, type WorldWindow } from './history.js'
export { loadHistoryWorld } from './world.js'
export { importHistory, importApplicantAccounts, writeBatch, type ImportOptions, type ImportResult } from './writer.js'
export { synthesizeCity, type CityOptions, type CityProgress, type CityResult } from './city.js'
export { historyRating, type HistoryRating, type RatingOptions } from './ratings.js'
export { fastCalendar, type FastCalendar } from './fastcal.js'
