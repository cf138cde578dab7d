/** Fuzzing every action of the exchange function (fuzz.ts says how): typed errors, never INTERNAL, no partial write. */
import { exchange } from '@shared/contracts/exchange'
import { fuzzFunction } from './fuzz'

jest.setTimeout(600_000)

fuzzFunction(exchange, 'demo-office-prefecture')
