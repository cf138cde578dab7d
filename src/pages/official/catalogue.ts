/**
 * The staff-only catalogue areas the official subpackage's screens use, kept out of the weapp main package
 * (src/shared/i18n/index.ts). Every page of the subpackage imports this first.
 */
import { registerAreas } from '@shared/i18n'
import * as dashboard from '@shared/i18n/dashboard'
import * as exchange from '@shared/i18n/exchange'
import * as inbox from '@shared/i18n/inbox'
import * as record from '@shared/i18n/record'
import * as reports from '@shared/i18n/reports'
import * as risk from '@shared/i18n/risk'
import * as services from '@shared/i18n/services'
import * as wishes from '@shared/i18n/wishes'

registerAreas(dashboard, exchange, inbox, record, reports, risk, services, wishes)
