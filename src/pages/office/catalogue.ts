/**
 * The staff-only catalogue areas the office subpackage's screens use, kept out of the weapp main package
 * (src/shared/i18n/index.ts). Every page of the subpackage imports this first.
 */
import { registerAreas } from '@shared/i18n'
import * as dashboard from '@shared/i18n/dashboard'
import * as exchange from '@shared/i18n/exchange'
import * as inbox from '@shared/i18n/inbox'
import * as rates from '@shared/i18n/rates'
import * as registry from '@shared/i18n/registry'
import * as reports from '@shared/i18n/reports'
import * as risk from '@shared/i18n/risk'
import * as services from '@shared/i18n/services'
import * as wishes from '@shared/i18n/wishes'

registerAreas(dashboard, exchange, inbox, rates, registry, reports, risk, services, wishes)
