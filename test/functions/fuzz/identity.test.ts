/** Fuzzing every action of the identity function (fuzz.ts says how): typed errors, never INTERNAL, no partial write. */
import { identity } from '@shared/contracts/identity'
import { fuzzFunction } from './fuzz'

jest.setTimeout(600_000)

fuzzFunction(identity, 'demo-admin-1')
