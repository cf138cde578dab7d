/**
 * What can be wrong with a roster file: a problem with the file as a whole stops the import
 * (`RosterError`); a problem with one row is listed in the dry run (`RowError`) and only that row is left
 * out. Both carry a catalogue key, worded in the caller's language when shown.
 */
import type { MessageKey } from '@shared/i18n'

export type RosterErrorCode = Extract<
  MessageKey,
  | 'import.empty'
  | 'import.noRows'
  | 'import.tooLarge'
  | 'import.tooManyRows'
  | 'import.unreadable'
  | 'import.tooComplex'
  | 'import.badQuotes'
  | 'import.missingColumns'
>

/** A problem with the whole file: the import stops and nothing is written. */
export class RosterError extends Error {
  constructor(
    readonly code: RosterErrorCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code)
    this.name = 'RosterError'
  }
}

export type RowErrorCode = Extract<
  MessageKey,
  | 'import.missing'
  | 'import.tooLong'
  | 'import.idFormat'
  | 'import.idAsNumber'
  | 'import.idBirthDate'
  | 'import.idRegion'
  | 'import.idChecksum'
  | 'import.phone'
  | 'import.unknownVillage'
  | 'import.unknownRegion'
  | 'import.unknownDepartment'
  | 'import.duplicateInFile'
  | 'import.duplicateInDatabase'
  | 'import.memberCount'
  | 'import.riskLevel'
>

export interface RowError {
  /** the row number a spreadsheet shows (the header is row 1) */
  row: number
  /** the header of the offending column as written in the file */
  column: string
  field: string
  code: RowErrorCode
  params?: Record<string, string | number>
}
