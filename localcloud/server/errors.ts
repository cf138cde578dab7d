/**
 * CloudBase error replies. The node SDK treats any reply whose body has a `code` as a failure and throws it;
 * wx-server-sdk then maps the code to its errCode table (TCB_ERR_CODE in its bundle), so the code strings
 * below are chosen from that table where one fits:
 * DATABASE_REQUEST_FAILED → -502001, DATABASE_COLLECTION_NOT_EXIST → -502005, INVALID_PARAM → -501007,
 * FUNCTIONS_EXECUTE_FAIL → -504002, STORAGE_FILE_NONEXIST → -503003. Codes outside the table become
 * -501001 (SYS_ERR) in wx-server-sdk, as they would in production.
 */
import { StoreError } from '../store/types'

export class CloudError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'CloudError'
  }
}

export const invalidParam = (message: string) => new CloudError('INVALID_PARAM', message)
export const dbFailed = (message: string) => new CloudError('DATABASE_REQUEST_FAILED', message)

/** The code `runTransaction` in @cloudbase/database compares against before retrying. */
export const TRANSACTION_CONFLICT = 'DATABASE_TRANSACTION_CONFLICT'

export function toCloudError(err: unknown): CloudError {
  if (err instanceof CloudError) return err
  if (err instanceof StoreError || (err instanceof Error && err.name === 'StoreError')) {
    const { code, message } = err as StoreError
    switch (code) {
      case 'COLLECTION_NOT_EXIST':
        return new CloudError('DATABASE_COLLECTION_NOT_EXIST', message)
      case 'COLLECTION_EXISTS':
        return new CloudError('DATABASE_COLLECTION_ALREADY_EXIST', message)
      case 'TRANSACTION_CONFLICT':
        return new CloudError(TRANSACTION_CONFLICT, message)
      case 'TRANSACTION_NOT_FOUND':
        return new CloudError('DATABASE_TRANSACTION_FAIL', message)
      case 'INDEX_LIMIT':
        return new CloudError('DATABASE_INDEX_EXCEED_LIMIT', message)
      default:
        // duplicate keys, invalid filters, updates and pipelines: MongoDB errors that CloudBase relays as
        // "database request fail"
        return dbFailed(message)
    }
  }
  const message = err instanceof Error ? err.message : String(err)
  return new CloudError('SYS_ERR', message)
}
