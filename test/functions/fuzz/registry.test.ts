/** Fuzzing every action of the registry function (fuzz.ts says how): typed errors, never INTERNAL, no partial write. */
import { registry } from '@shared/contracts/registry'
import { fuzzFunction } from './fuzz'

jest.setTimeout(600_000)

fuzzFunction(registry, 'demo-office-county')
